-- Travel analytics from the platform's own records. A segment keeps, fixed at booking, the facts
-- the company's reports group by: the traveller's department and cost centre then, how many days
-- ahead it was booked, its route and city, and what the search offered (the median offer and the
-- lowest compliant one, for realized savings).
ALTER TABLE trip_segments ADD COLUMN department_id BIGINT REFERENCES departments (id);
ALTER TABLE trip_segments ADD COLUMN cost_centre TEXT NOT NULL DEFAULT '';
ALTER TABLE trip_segments ADD COLUMN days_ahead BIGINT NOT NULL DEFAULT 0;
ALTER TABLE trip_segments ADD COLUMN route TEXT NOT NULL DEFAULT '';
ALTER TABLE trip_segments ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE trip_segments ADD COLUMN median_offer_fen BIGINT;
ALTER TABLE trip_segments ADD COLUMN lowest_compliant_fen BIGINT;
-- The rules it broke, comma-separated (also in verdicts_json), for grouping.
ALTER TABLE trip_segments ADD COLUMN broken_rules TEXT NOT NULL DEFAULT '';

-- The dashboard's summary: per company, month of booking (China time) and dimension value, kept
-- in the same transaction as each booking and cancellation (and rebuildable from the segments).
-- Dimensions: total, department, employee, category, route, city, supplier, provider, rule
-- (segments that broke it), reason (reason codes given).
CREATE TABLE travel_spend_monthly (
  organization_id BIGINT NOT NULL REFERENCES organizations (id),
  dimension TEXT NOT NULL,
  key TEXT NOT NULL,
  month TEXT NOT NULL,
  segments BIGINT NOT NULL,
  cancelled BIGINT NOT NULL,
  spend_fen BIGINT NOT NULL,
  employee_fen BIGINT NOT NULL,
  compliant BIGINT NOT NULL,
  missed_saving_fen BIGINT NOT NULL,
  realized_saving_fen BIGINT NOT NULL,
  days_ahead_sum BIGINT NOT NULL,
  PRIMARY KEY (organization_id, dimension, key, month)
);
CREATE INDEX travel_spend_monthly_month ON travel_spend_monthly (organization_id, dimension, month);
