-- Corporate travel: each client company's travel policy (rule classes and the grade → class
-- map, one versioned document) and its employees' travel profiles (grade, department, cost
-- centre).
CREATE TABLE travel_policies (
  organization_id INTEGER PRIMARY KEY REFERENCES organizations (id),
  policy_json TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE travel_profiles (
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  grade TEXT NOT NULL,
  department_id INTEGER REFERENCES departments (id),
  cost_centre TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (organization_id, user_id)
) STRICT;
CREATE INDEX travel_profiles_grade ON travel_profiles (organization_id, grade);
