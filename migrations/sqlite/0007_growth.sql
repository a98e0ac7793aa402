-- Growth: the rating policy of each program, the task catalogue with metric readings and
-- evidence, stored standings of computed cycles, tier overrides with a second approver,
-- campaigns, capability certification and leaderboards.
CREATE TABLE rating_policies (
  program_id INTEGER PRIMARY KEY REFERENCES admission_programs (id),
  policy_json TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL
) STRICT;

ALTER TABLE rating_cycles ADD COLUMN computed_at INTEGER;

-- Balances are summed per provider from this covering index without touching the rows.
CREATE INDEX points_ledger_balance ON points_ledger (cycle_id, provider_id, points);
CREATE INDEX points_ledger_source ON points_ledger (cycle_id, provider_id, source_ref);

CREATE TABLE growth_tasks (
  id INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES admission_programs (id),
  code TEXT NOT NULL,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('basic', 'additional')),
  points INTEGER NOT NULL CHECK (points > 0),
  cap INTEGER NOT NULL CHECK (cap > 0),
  capability TEXT NOT NULL DEFAULT '',
  completion TEXT NOT NULL CHECK (completion IN ('metric', 'evidence')),
  metric TEXT NOT NULL DEFAULT '',
  target INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  UNIQUE (program_id, code)
) STRICT;

-- The latest value of each metric per provider and cycle, as reported by the platform.
CREATE TABLE provider_metrics (
  cycle_id INTEGER NOT NULL REFERENCES rating_cycles (id),
  provider_id INTEGER NOT NULL REFERENCES organizations (id),
  metric TEXT NOT NULL,
  value INTEGER NOT NULL,
  source_event TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (cycle_id, provider_id, metric)
) STRICT;
CREATE INDEX provider_metrics_metric ON provider_metrics (cycle_id, metric, provider_id);

CREATE TABLE task_evidence (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES growth_tasks (id),
  cycle_id INTEGER NOT NULL REFERENCES rating_cycles (id),
  provider_id INTEGER NOT NULL REFERENCES organizations (id),
  description TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('submitted', 'accepted', 'rejected')),
  submitted_at INTEGER NOT NULL,
  submitted_by INTEGER REFERENCES users (id),
  decided_at INTEGER,
  decided_by INTEGER REFERENCES users (id),
  decision_note TEXT NOT NULL DEFAULT '',
  ledger_entry_id INTEGER REFERENCES points_ledger (id)
) STRICT;
CREATE INDEX task_evidence_state ON task_evidence (state, id);
CREATE INDEX task_evidence_provider ON task_evidence (provider_id, cycle_id, task_id);

-- The standings of a computed (and, once published, frozen) cycle.
CREATE TABLE cycle_standings (
  cycle_id INTEGER NOT NULL REFERENCES rating_cycles (id),
  provider_id INTEGER NOT NULL REFERENCES organizations (id),
  points INTEGER NOT NULL,
  stars INTEGER NOT NULL,
  rank INTEGER NOT NULL,
  rated INTEGER NOT NULL,
  tier TEXT NOT NULL DEFAULT '',
  at_risk INTEGER NOT NULL DEFAULT 0,
  tier_cap TEXT NOT NULL DEFAULT '',
  waitlist TEXT NOT NULL DEFAULT '',
  overridden INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (cycle_id, provider_id)
) STRICT;
CREATE INDEX cycle_standings_tier ON cycle_standings (cycle_id, tier, rank);

CREATE TABLE tier_overrides (
  id INTEGER PRIMARY KEY,
  cycle_id INTEGER NOT NULL REFERENCES rating_cycles (id),
  provider_id INTEGER NOT NULL REFERENCES organizations (id),
  from_tier TEXT NOT NULL DEFAULT '',
  to_tier TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('proposed', 'approved', 'rejected', 'void')),
  proposed_by INTEGER NOT NULL REFERENCES users (id),
  proposed_at INTEGER NOT NULL,
  decided_by INTEGER REFERENCES users (id),
  decided_at INTEGER,
  decision_note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX tier_overrides_cycle ON tier_overrides (cycle_id, state);

CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES admission_programs (id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  eligible_tiers TEXT NOT NULL,
  slots INTEGER NOT NULL CHECK (slots > 0),
  registration_closes_ms INTEGER NOT NULL,
  created_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE campaign_registrations (
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
  provider_id INTEGER NOT NULL REFERENCES organizations (id),
  tier TEXT NOT NULL,
  registered_by INTEGER REFERENCES users (id),
  registered_at INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, provider_id)
) STRICT;

CREATE TABLE capabilities (
  program_id INTEGER NOT NULL REFERENCES admission_programs (id),
  code TEXT NOT NULL,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (program_id, code)
) STRICT;

CREATE TABLE capability_applications (
  id INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES admission_programs (id),
  provider_id INTEGER NOT NULL REFERENCES organizations (id),
  capability TEXT NOT NULL,
  evidence TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('applied', 'certified', 'rejected', 'revoked')),
  score INTEGER,
  review_note TEXT NOT NULL DEFAULT '',
  applied_at INTEGER NOT NULL,
  applied_by INTEGER REFERENCES users (id),
  reviewed_at INTEGER,
  reviewed_by INTEGER REFERENCES users (id),
  expires_at INTEGER,
  revoked_at INTEGER,
  revoke_reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX capability_applications_provider ON capability_applications (provider_id, capability);
CREATE INDEX capability_applications_state ON capability_applications (state, id);

CREATE TABLE capability_rankings (
  cycle_id INTEGER NOT NULL REFERENCES rating_cycles (id),
  capability TEXT NOT NULL,
  provider_id INTEGER NOT NULL REFERENCES organizations (id),
  rank INTEGER NOT NULL,
  score INTEGER NOT NULL,
  review_score INTEGER NOT NULL,
  capability_points INTEGER NOT NULL,
  PRIMARY KEY (cycle_id, capability, provider_id)
) STRICT;
