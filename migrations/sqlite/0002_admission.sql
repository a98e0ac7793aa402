-- Admission: provider programs with versioned rule sets, applications with their materials and
-- timeline, and the business calendar (holidays and make-up working days) that review SLAs use.
CREATE TABLE calendar_days (
  day TEXT PRIMARY KEY,  -- YYYY-MM-DD in Asia/Shanghai
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE admission_programs (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  rule_set_version INTEGER NOT NULL DEFAULT 0,
  review_sla_working_days INTEGER NOT NULL DEFAULT 10,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE admission_rule_sets (
  program_id INTEGER NOT NULL REFERENCES admission_programs (id),
  version INTEGER NOT NULL,
  rules_json TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (program_id, version)
) STRICT;

CREATE TABLE admission_applications (
  id INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES admission_programs (id),
  rule_set_version INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('draft', 'auto_checked', 'in_review', 'changes_requested',
                                       'approved', 'rejected', 'withdrawn')),
  access_token_hash TEXT NOT NULL UNIQUE,
  contact_name TEXT NOT NULL,
  contact_email TEXT NOT NULL,
  contact_phone TEXT NOT NULL DEFAULT '',
  company_name TEXT NOT NULL DEFAULT '',
  credit_code TEXT,
  provider_type TEXT NOT NULL DEFAULT 'specialized'
    CHECK (provider_type IN ('specialized', 'full_agency', 'travel')),
  service_categories_json TEXT NOT NULL DEFAULT '[]',
  facts_json TEXT NOT NULL DEFAULT '{}',
  verdicts_json TEXT,
  submitted_at INTEGER,
  due_at INTEGER,
  reviewer_user_id INTEGER REFERENCES users (id),
  decided_at INTEGER,
  decision_reason TEXT NOT NULL DEFAULT '',
  provider_organization_id INTEGER REFERENCES organizations (id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
-- One live application per company: a rejected or withdrawn one frees the code.
CREATE UNIQUE INDEX admission_applications_live_code ON admission_applications (credit_code)
  WHERE credit_code IS NOT NULL AND state NOT IN ('rejected', 'withdrawn');
CREATE INDEX admission_applications_queue ON admission_applications (state, due_at, id);

CREATE TABLE admission_materials (
  id INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES admission_applications (id),
  material_type TEXT NOT NULL,
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  list_stats_json TEXT,
  uploaded_at INTEGER NOT NULL,
  removed_at INTEGER
) STRICT;
CREATE INDEX admission_materials_application ON admission_materials (application_id, id);

CREATE TABLE admission_events (
  id INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES admission_applications (id),
  at INTEGER NOT NULL,
  actor TEXT NOT NULL CHECK (actor IN ('applicant', 'reviewer', 'operator', 'system')),
  actor_user_id INTEGER REFERENCES users (id),
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT,
  note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX admission_events_application ON admission_events (application_id, id);
