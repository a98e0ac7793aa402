-- Trips and their booked segments. A segment keeps, for good, what the platform saw when it was
-- booked: the product, the price paid and who pays what, the lowest logical fare at search time,
-- the missed saving, every rule's verdict and the reason code given for a soft violation. There
-- is no path that changes or deletes these columns; each booking is also in the audit log.
CREATE TABLE trips (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  traveller_id INTEGER NOT NULL REFERENCES users (id),
  purpose TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX trips_traveller ON trips (organization_id, traveller_id, id);

CREATE TABLE trip_segments (
  id INTEGER PRIMARY KEY,
  trip_id INTEGER NOT NULL REFERENCES trips (id),
  kind TEXT NOT NULL CHECK (kind IN ('flight', 'hotel', 'train')),
  search_id INTEGER NOT NULL REFERENCES travel_searches (id),
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
  UNIQUE (supplier_id, supplier_booking_id)
) STRICT;
CREATE INDEX trip_segments_trip ON trip_segments (trip_id, id);
CREATE INDEX trip_segments_outcome ON trip_segments (outcome, booked_at);
