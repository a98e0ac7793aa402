-- Rate-limit counters for public endpoints, kept in the database so every instance shares them.
CREATE TABLE rate_limits (
  bucket TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  hits INTEGER NOT NULL
) STRICT;
