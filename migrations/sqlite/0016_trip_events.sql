-- A trip's timeline: what happened to its segments after booking — a supplier's cancellation,
-- delay or schedule change, a missed departure — with what the platform found for every later
-- segment (still fits, the hotel to be told, breaks). A supplier's event is recorded once
-- however often it is delivered.
CREATE TABLE trip_events (
  id INTEGER PRIMARY KEY,
  trip_id INTEGER NOT NULL REFERENCES trips (id),
  segment_id INTEGER NOT NULL REFERENCES trip_segments (id),
  -- what happened (cancellation, delay, schedule_change, missed) and what was done about it
  -- (rebooked: a replacement booked; retimed: a transfer moved; hotel_told: a late arrival)
  type TEXT NOT NULL CHECK (type IN ('cancellation', 'delay', 'schedule_change', 'missed',
                                     'rebooked', 'retimed', 'hotel_told')),
  source TEXT NOT NULL,       -- "supplier:<organization id>", or "trip" (reported by a person)
  external_id TEXT,           -- the supplier's event id
  departure_at INTEGER,       -- the new times, when the event gives them
  arrival_at INTEGER,
  impacts_json TEXT NOT NULL, -- every later segment's status with its reasons
  note TEXT NOT NULL DEFAULT '',  -- what was done, for people
  replacement_segment_id INTEGER REFERENCES trip_segments (id),
  created_at INTEGER NOT NULL,
  UNIQUE (source, external_id)
) STRICT;
CREATE INDEX trip_events_trip ON trip_events (trip_id, id);
