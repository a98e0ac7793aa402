-- Transfers (接送机/站, served by car suppliers), the travel provider that serves the company on
-- each segment, bookings made by a travel manager for an employee, and cancellations.
ALTER TABLE travel_searches DROP CONSTRAINT travel_searches_kind_check;
ALTER TABLE travel_searches ADD CONSTRAINT travel_searches_kind_check
  CHECK (kind IN ('flight', 'hotel', 'train', 'transfer'));
ALTER TABLE travel_searches ADD COLUMN created_by BIGINT REFERENCES users (id);

ALTER TABLE trip_segments DROP CONSTRAINT trip_segments_kind_check;
ALTER TABLE trip_segments ADD CONSTRAINT trip_segments_kind_check
  CHECK (kind IN ('flight', 'hotel', 'train', 'transfer'));
ALTER TABLE trip_segments ADD COLUMN provider_id BIGINT REFERENCES organizations (id);
ALTER TABLE trip_segments ADD COLUMN booked_by BIGINT REFERENCES users (id);
CREATE INDEX trip_segments_provider ON trip_segments (provider_id, booked_at);

-- A cancellation is a fact added beside the segment; the segment's booked record never changes.
CREATE TABLE trip_segment_cancellations (
  segment_id BIGINT PRIMARY KEY REFERENCES trip_segments (id),
  cancelled_by BIGINT NOT NULL REFERENCES users (id),
  reason TEXT NOT NULL DEFAULT '',
  refund_fen BIGINT NOT NULL,          -- what the supplier gave back
  employee_refund_fen BIGINT NOT NULL, -- of it, to the employee (their share of what was paid)
  fee_fen BIGINT NOT NULL,             -- what the supplier kept: total_fen - refund_fen
  cancelled_at BIGINT NOT NULL
);

-- The travel providers (差旅服务商) a company works with; one is the default for new bookings.
CREATE TABLE company_travel_providers (
  organization_id BIGINT NOT NULL REFERENCES organizations (id),
  provider_id BIGINT NOT NULL REFERENCES organizations (id),
  is_default BIGINT NOT NULL DEFAULT 0,
  added_at BIGINT NOT NULL,
  PRIMARY KEY (organization_id, provider_id)
);
