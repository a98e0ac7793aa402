-- Rating: cycles per program and the append-only points ledger. Balances are derived from the
-- ledger, never stored; corrections are reversing entries.
CREATE TABLE rating_cycles (
  id INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES admission_programs (id),
  code TEXT NOT NULL,
  period TEXT NOT NULL CHECK (period IN ('monthly', 'quarterly')),
  window_start_ms INTEGER NOT NULL,
  window_end_ms INTEGER NOT NULL,
  decision_date TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'computing', 'published')),
  published_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (program_id, code)
) STRICT;

CREATE TABLE points_ledger (
  id INTEGER PRIMARY KEY,
  cycle_id INTEGER NOT NULL REFERENCES rating_cycles (id),
  provider_id INTEGER NOT NULL REFERENCES organizations (id),
  points INTEGER NOT NULL,
  source_kind TEXT NOT NULL CHECK (source_kind IN ('task', 'violation', 'reversal', 'adjustment')),
  source_ref TEXT NOT NULL DEFAULT '',
  capability TEXT NOT NULL DEFAULT '',
  source_event TEXT NOT NULL DEFAULT '',
  reverses_entry_id INTEGER UNIQUE REFERENCES points_ledger (id),
  actor_user_id INTEGER REFERENCES users (id),
  note TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX points_ledger_cycle_provider ON points_ledger (cycle_id, provider_id, id);
