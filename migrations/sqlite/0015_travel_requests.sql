-- Pre-trip approval (出差申请): a traveller's request for a trip (purpose, planned itinerary,
-- estimated budget, the policy standard that applies) and who may approve it. A booking that the
-- company's policy says needs approval refers to an approved request.
CREATE TABLE travel_approvers (
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  scope_key TEXT NOT NULL,  -- "company" or "department:<id>"
  department_id INTEGER REFERENCES departments (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  PRIMARY KEY (organization_id, scope_key, user_id)
) STRICT;

CREATE TABLE travel_requests (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  traveller_id INTEGER NOT NULL REFERENCES users (id),
  created_by INTEGER NOT NULL REFERENCES users (id),
  department_id INTEGER REFERENCES departments (id),
  purpose TEXT NOT NULL,
  itinerary_json TEXT NOT NULL,
  budget_fen INTEGER NOT NULL,
  rule_class TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'denied')),
  deadline_at INTEGER NOT NULL,
  approve_by_default INTEGER NOT NULL,
  decided_by INTEGER REFERENCES users (id),
  decided_at INTEGER,
  decided_by_default INTEGER NOT NULL DEFAULT 0,
  decision_comment TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX travel_requests_traveller ON travel_requests (organization_id, traveller_id, id);
CREATE INDEX travel_requests_pending ON travel_requests (organization_id, state, deadline_at);

ALTER TABLE trip_segments ADD COLUMN travel_request_id INTEGER REFERENCES travel_requests (id);
