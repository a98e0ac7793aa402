-- Transfers (接送机/站, served by car suppliers), the travel provider that serves the company on
-- each segment, bookings made by a travel manager for an employee, and cancellations.
--
-- SQLite cannot widen a CHECK in place, so the searches and segments tables are rebuilt: the new
-- segments table refers to the new searches table, both are renamed into place (renaming updates
-- the reference), and the old ones dropped. Every row and id is kept.
CREATE TABLE travel_searches_v2 (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL CHECK (kind IN ('flight', 'hotel', 'train', 'transfer')),
  request_json TEXT NOT NULL,
  result_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES users (id)
) STRICT;
INSERT INTO travel_searches_v2 (id, organization_id, user_id, kind, request_json, result_json,
                                created_at)
  SELECT id, organization_id, user_id, kind, request_json, result_json, created_at
  FROM travel_searches;

CREATE TABLE trip_segments_v2 (
  id INTEGER PRIMARY KEY,
  trip_id INTEGER NOT NULL REFERENCES trips (id),
  kind TEXT NOT NULL CHECK (kind IN ('flight', 'hotel', 'train', 'transfer')),
  search_id INTEGER NOT NULL REFERENCES travel_searches_v2 (id),
  offer_key TEXT NOT NULL,
  supplier_id INTEGER NOT NULL REFERENCES organizations (id),
  supplier_booking_id TEXT NOT NULL,
  product_json TEXT NOT NULL,
  price_fen INTEGER NOT NULL,
  fee_fen INTEGER NOT NULL,
  total_fen INTEGER NOT NULL,
  employee_pays_fen INTEGER NOT NULL,
  company_pays_fen INTEGER NOT NULL,
  lowest_logical_fare_fen INTEGER,
  missed_saving_fen INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  verdicts_json TEXT NOT NULL,
  reason_code TEXT NOT NULL DEFAULT '',
  booked_at INTEGER NOT NULL,
  provider_id INTEGER REFERENCES organizations (id),
  booked_by INTEGER REFERENCES users (id),
  UNIQUE (supplier_id, supplier_booking_id)
) STRICT;
INSERT INTO trip_segments_v2 (id, trip_id, kind, search_id, offer_key, supplier_id,
                              supplier_booking_id, product_json, price_fen, fee_fen, total_fen,
                              employee_pays_fen, company_pays_fen, lowest_logical_fare_fen,
                              missed_saving_fen, outcome, verdicts_json, reason_code, booked_at)
  SELECT id, trip_id, kind, search_id, offer_key, supplier_id, supplier_booking_id, product_json,
         price_fen, fee_fen, total_fen, employee_pays_fen, company_pays_fen,
         lowest_logical_fare_fen, missed_saving_fen, outcome, verdicts_json, reason_code, booked_at
  FROM trip_segments;

DROP TABLE trip_segments;
DROP TABLE travel_searches;
ALTER TABLE travel_searches_v2 RENAME TO travel_searches;
ALTER TABLE trip_segments_v2 RENAME TO trip_segments;
CREATE INDEX travel_searches_user ON travel_searches (organization_id, user_id, id);
CREATE INDEX trip_segments_trip ON trip_segments (trip_id, id);
CREATE INDEX trip_segments_outcome ON trip_segments (outcome, booked_at);
CREATE INDEX trip_segments_provider ON trip_segments (provider_id, booked_at);

-- A cancellation is a fact added beside the segment; the segment's booked record never changes.
CREATE TABLE trip_segment_cancellations (
  segment_id INTEGER PRIMARY KEY REFERENCES trip_segments (id),
  cancelled_by INTEGER NOT NULL REFERENCES users (id),
  reason TEXT NOT NULL DEFAULT '',
  refund_fen INTEGER NOT NULL,          -- what the supplier gave back
  employee_refund_fen INTEGER NOT NULL, -- of it, to the employee (their share of what was paid)
  fee_fen INTEGER NOT NULL,             -- what the supplier kept: total_fen - refund_fen
  cancelled_at INTEGER NOT NULL
) STRICT;

-- The travel providers (差旅服务商) a company works with; one is the default for new bookings.
CREATE TABLE company_travel_providers (
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  provider_id INTEGER NOT NULL REFERENCES organizations (id),
  is_default INTEGER NOT NULL DEFAULT 0,
  added_at INTEGER NOT NULL,
  PRIMARY KEY (organization_id, provider_id)
) STRICT;
