-- Corporate travel: each client company's travel policy (rule classes and the grade → class
-- map, one versioned document) and its employees' travel profiles (grade, department, cost
-- centre).
CREATE TABLE travel_policies (
  organization_id BIGINT PRIMARY KEY REFERENCES organizations (id),
  policy_json TEXT NOT NULL,
  version BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE travel_profiles (
  organization_id BIGINT NOT NULL REFERENCES organizations (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  grade TEXT NOT NULL,
  department_id BIGINT REFERENCES departments (id),
  cost_centre TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX travel_profiles_grade ON travel_profiles (organization_id, grade);
