-- Violations (违规): a catalogue per program and recorded violations with their appeal. A
-- violation's deduction is a ledger entry; an overturned appeal is corrected by another entry.
CREATE TABLE violation_types (
  id INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES admission_programs (id),
  code TEXT NOT NULL,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('minor', 'major', 'serious')),
  points INTEGER NOT NULL CHECK (points > 0),
  tier_cap TEXT NOT NULL DEFAULT '',
  appeal_days INTEGER NOT NULL DEFAULT 7,
  created_at INTEGER NOT NULL,
  UNIQUE (program_id, code)
) STRICT;

CREATE TABLE violations (
  id INTEGER PRIMARY KEY,
  type_id INTEGER NOT NULL REFERENCES violation_types (id),
  provider_id INTEGER NOT NULL REFERENCES organizations (id),
  cycle_id INTEGER NOT NULL REFERENCES rating_cycles (id),
  state TEXT NOT NULL CHECK (state IN ('recorded', 'under_appeal', 'upheld', 'overturned')),
  evidence TEXT NOT NULL DEFAULT '',
  recorded_at INTEGER NOT NULL,
  recorded_by INTEGER REFERENCES users (id),
  appeal_deadline_ms INTEGER NOT NULL,
  appeal_reason TEXT NOT NULL DEFAULT '',
  appealed_at INTEGER,
  decided_at INTEGER,
  decided_by INTEGER REFERENCES users (id),
  decision_note TEXT NOT NULL DEFAULT '',
  ledger_entry_id INTEGER NOT NULL REFERENCES points_ledger (id),
  correction_entry_id INTEGER REFERENCES points_ledger (id)
) STRICT;
CREATE INDEX violations_cycle ON violations (cycle_id, provider_id);
