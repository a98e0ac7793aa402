-- Registry: provider profiles with their categories, regions (expanded to parent regions for
-- filtering) and claimed capabilities; supplier profiles with encrypted API credentials; client
-- departments.
CREATE TABLE provider_profiles (
  organization_id INTEGER PRIMARY KEY REFERENCES organizations (id),
  provider_type TEXT NOT NULL CHECK (provider_type IN ('specialized', 'full_agency', 'travel')),
  program_id INTEGER REFERENCES admission_programs (id),
  application_id INTEGER REFERENCES admission_applications (id),
  hq_region_code TEXT NOT NULL DEFAULT '',
  team_size INTEGER NOT NULL DEFAULT 0,
  summary TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX provider_profiles_type ON provider_profiles (provider_type, status, organization_id);

CREATE TABLE provider_categories (
  organization_id INTEGER NOT NULL REFERENCES provider_profiles (organization_id),
  category TEXT NOT NULL,
  PRIMARY KEY (organization_id, category)
) STRICT;
CREATE INDEX provider_categories_category ON provider_categories (category, organization_id);

-- Every region a provider names (headquarters or resources) with all its parents, so a filter on
-- a province also finds providers that named one of its counties.
CREATE TABLE provider_region_index (
  organization_id INTEGER NOT NULL REFERENCES provider_profiles (organization_id),
  region_code TEXT NOT NULL,
  PRIMARY KEY (organization_id, region_code)
) STRICT;
CREATE INDEX provider_region_index_region ON provider_region_index (region_code, organization_id);

CREATE TABLE provider_regions (
  organization_id INTEGER NOT NULL REFERENCES provider_profiles (organization_id),
  region_code TEXT NOT NULL,
  PRIMARY KEY (organization_id, region_code)
) STRICT;

CREATE TABLE provider_capabilities (
  organization_id INTEGER NOT NULL REFERENCES provider_profiles (organization_id),
  capability TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'claimed' CHECK (status IN ('claimed', 'certified')),
  PRIMARY KEY (organization_id, capability)
) STRICT;

CREATE TABLE supplier_profiles (
  organization_id INTEGER PRIMARY KEY REFERENCES organizations (id),
  category TEXT NOT NULL CHECK (category IN ('airline', 'hotel', 'rail', 'car')),
  api_endpoint TEXT NOT NULL DEFAULT '',
  credentials_ciphertext TEXT,
  credentials_updated_at INTEGER,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  parent_id INTEGER REFERENCES departments (id),
  name TEXT NOT NULL,
  cost_centre TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (organization_id, name)
) STRICT;
