-- Travel analytics from the platform's own records. A segment keeps, fixed at booking, the facts
-- the company's reports group by: the traveller's department and cost centre then, how many days
-- ahead it was booked, its route and city, and what the search offered (the median offer and the
-- lowest compliant one, for realized savings).
ALTER TABLE trip_segments ADD COLUMN department_id INTEGER REFERENCES departments (id);
ALTER TABLE trip_segments ADD COLUMN cost_centre TEXT NOT NULL DEFAULT '';
ALTER TABLE trip_segments ADD COLUMN days_ahead INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trip_segments ADD COLUMN route TEXT NOT NULL DEFAULT '';
ALTER TABLE trip_segments ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE trip_segments ADD COLUMN median_offer_fen INTEGER;
ALTER TABLE trip_segments ADD COLUMN lowest_compliant_fen INTEGER;
-- The rules it broke, comma-separated (also in verdicts_json), for grouping.
ALTER TABLE trip_segments ADD COLUMN broken_rules TEXT NOT NULL DEFAULT '';

-- The dashboard's summary: per company, month of booking (China time) and dimension value, kept
-- in the same transaction as each booking and cancellation (and rebuildable from the segments).
-- Dimensions: total, department, employee, category, route, city, supplier, provider, rule
-- (segments that broke it), reason (reason codes given).
CREATE TABLE travel_spend_monthly (
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  dimension TEXT NOT NULL,
  key TEXT NOT NULL,
  month TEXT NOT NULL,
  segments INTEGER NOT NULL,
  cancelled INTEGER NOT NULL,
  spend_fen INTEGER NOT NULL,
  employee_fen INTEGER NOT NULL,
  compliant INTEGER NOT NULL,
  missed_saving_fen INTEGER NOT NULL,
  realized_saving_fen INTEGER NOT NULL,
  days_ahead_sum INTEGER NOT NULL,
  PRIMARY KEY (organization_id, dimension, key, month)
) STRICT;
CREATE INDEX travel_spend_monthly_month ON travel_spend_monthly (organization_id, dimension, month);
