-- What a provider's scorecard measures, kept with each segment at booking: the lowest price any
-- supplier offered for the same product in the search, and how long the supplier took to confirm.
ALTER TABLE trip_segments ADD COLUMN market_lowest_fen BIGINT;
ALTER TABLE trip_segments ADD COLUMN confirm_ms BIGINT;
CREATE INDEX trip_segments_provider_booked ON trip_segments (provider_id, booked_at, trip_id);
