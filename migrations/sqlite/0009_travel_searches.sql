-- Searches as they were answered: what every supplier offered, merged, with the policy's verdicts
-- and the lowest logical fare at that moment. A booking refers to what was on offer here.
CREATE TABLE travel_searches (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL CHECK (kind IN ('flight', 'hotel', 'train')),
  request_json TEXT NOT NULL,
  result_json TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX travel_searches_user ON travel_searches (organization_id, user_id, id);
