-- Travel budgets (差旅预算) by department or project and period, with warning levels and the
-- control that applies over budget. What each segment took from a budget is an entry, so a
-- cancellation gives back exactly what its booking took; `consumed_fen` is their sum, kept in the
-- same transaction.
CREATE TABLE travel_budgets (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  department_id INTEGER REFERENCES departments (id),
  project_code TEXT NOT NULL DEFAULT '',
  scope_key TEXT NOT NULL,  -- "department:<id>" or "project:<code>"
  period TEXT NOT NULL CHECK (period IN ('month', 'quarter', 'year')),
  period_key TEXT NOT NULL,  -- 2026-11 | 2026Q4 | 2026
  amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
  consumed_fen INTEGER NOT NULL DEFAULT 0,
  warning_levels_bp TEXT NOT NULL DEFAULT '6000,9000',
  over_control TEXT NOT NULL CHECK (over_control IN ('allow', 'needs_approval', 'block')),
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (organization_id, scope_key, period_key)
) STRICT;

CREATE TABLE travel_budget_entries (
  id INTEGER PRIMARY KEY,
  budget_id INTEGER NOT NULL REFERENCES travel_budgets (id),
  segment_id INTEGER NOT NULL REFERENCES trip_segments (id),
  amount_fen INTEGER NOT NULL,  -- taken (> 0) or given back (< 0)
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX travel_budget_entries_segment ON travel_budget_entries (segment_id);

ALTER TABLE trip_segments ADD COLUMN project_code TEXT NOT NULL DEFAULT '';
