-- How fuwu treats each supplier's API: requests per second it may send, and how long a search
-- waits — answers after the soft deadline are used but marked late, none after the hard one.
ALTER TABLE supplier_profiles ADD COLUMN requests_per_second INTEGER NOT NULL DEFAULT 200;
ALTER TABLE supplier_profiles ADD COLUMN soft_deadline_ms INTEGER NOT NULL DEFAULT 600;
ALTER TABLE supplier_profiles ADD COLUMN hard_deadline_ms INTEGER NOT NULL DEFAULT 1500;
