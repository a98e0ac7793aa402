// Cross-checks data/travel/cities.tsv against data/regions/regions.tsv and
// data/airports/airports.tsv. Prints every problem and exits 1 if there is any.
// Usage: node tools/airports/check-cities.mjs   (from anywhere; no dependencies)

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../../', import.meta.url);
const paths = {
  cities: 'data/travel/cities.tsv',
  regions: 'data/regions/regions.tsv',
  airports: 'data/airports/airports.tsv',
};

const errors = [];

// Reads a TSV file: checks the header, the line endings and the number of fields,
// returns the rows as objects keyed by header name with their 1-based line number.
function readTsv(rel, header) {
  const file = fileURLToPath(new URL(rel, root));
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    errors.push(`${rel}: cannot read (${e.code ?? e.message})`);
    return [];
  }
  if (text.startsWith('\uFEFF')) errors.push(`${rel}: starts with a byte-order mark`);
  if (text.includes('\r')) errors.push(`${rel}: contains carriage returns`);
  if (!text.endsWith('\n')) errors.push(`${rel}: does not end with a newline`);
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines[0] !== header.join('\t')) {
    errors.push(`${rel}: header is ${JSON.stringify(lines[0])}, expected ${JSON.stringify(header.join('\t'))}`);
    return [];
  }
  const rows = [];
  for (let i = 1; i < lines.length; i++) {
    const where = `${rel}:${i + 1}`;
    const fields = lines[i].split('\t');
    if (fields.length !== header.length) {
      errors.push(`${where}: ${fields.length} fields, expected ${header.length}`);
      continue;
    }
    const row = { where };
    header.forEach((h, k) => (row[h] = fields[k]));
    rows.push(row);
  }
  return rows;
}

// --- reference files --------------------------------------------------------------

const regions = new Map(); // code -> { name, parent, level }
for (const r of readTsv(paths.regions, ['code', 'name', 'parent_code', 'level'])) {
  regions.set(r.code, { name: r.name, parent: r.parent_code, level: r.level });
}

const airports = new Map(); // iata -> row
for (const a of readTsv(paths.airports, ['iata', 'icao', 'name', 'city', 'latitude', 'longitude'])) {
  if (!/^[A-Z]{3}$/.test(a.iata)) errors.push(`${a.where}: bad IATA code ${JSON.stringify(a.iata)}`);
  else if (airports.has(a.iata)) errors.push(`${a.where}: duplicate IATA code ${a.iata}`);
  else airports.set(a.iata, a);
}

if (regions.size === 0) errors.push(`${paths.regions}: no rows`);
if (airports.size === 0) errors.push(`${paths.airports}: no rows (run node derive.mjs first)`);

// --- cities.tsv -------------------------------------------------------------------

const TIERS = ['tier1', 'new_tier1', 'tier2', 'other'];
// The published lists the file must cover completely (2024 edition of the ranking).
const REQUIRED = {
  tier1: ['北京', '上海', '广州', '深圳'],
  new_tier1: [
    '成都', '重庆', '杭州', '武汉', '苏州', '西安', '南京', '长沙',
    '天津', '郑州', '东莞', '青岛', '昆明', '宁波', '合肥',
  ],
};
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);
const HAN = /^[\u4e00-\u9fff]+$/;

const cities = readTsv(paths.cities, ['city_code', 'name_zh', 'name_en', 'tier', 'airports', 'rail_station_zh', 'latitude', 'longitude']);
if (cities.length === 0) errors.push(`${paths.cities}: no rows`);

const seen = { code: new Map(), zh: new Map(), en: new Map() };
const airportOwner = new Map(); // iata -> city name
const stationOwner = new Map(); // station -> city name
const byTier = Object.fromEntries(TIERS.map((t) => [t, []]));
const noAirport = [];
let previousCode = '';

for (const c of cities) {
  const w = `${c.where} (${c.name_zh})`;

  for (const [k, v] of Object.entries(c)) {
    if (k !== 'where' && v !== v.trim()) errors.push(`${w}: ${k} has leading or trailing whitespace`);
  }

  // city_code: a 4-digit GB/T 2260 city row of the region table, in its province.
  if (!/^\d{4}$/.test(c.city_code)) {
    errors.push(`${w}: city_code ${JSON.stringify(c.city_code)} is not 4 digits`);
  } else {
    const region = regions.get(c.city_code);
    const province = c.city_code.slice(0, 2);
    const provinceRow = regions.get(province);
    if (!region) {
      errors.push(`${w}: city_code ${c.city_code} not in ${paths.regions}`);
    } else if (region.level !== 'city') {
      errors.push(`${w}: city_code ${c.city_code} has level ${region.level}, expected city`);
    } else if (region.parent !== province || !provinceRow || provinceRow.level !== 'province') {
      errors.push(`${w}: city_code ${c.city_code} has parent ${region.parent}, expected province ${province}`);
    } else if (MUNICIPALITIES.has(province)) {
      // Municipalities: the "市辖区" city row under the province named after the city.
      if (region.name !== '市辖区' || provinceRow.name !== `${c.name_zh}市`) {
        errors.push(
          `${w}: city_code ${c.city_code} is ${provinceRow.name} ${region.name}, ` +
            `expected ${c.name_zh}市 市辖区`,
        );
      }
    } else if (region.name !== `${c.name_zh}市`) {
      errors.push(`${w}: city_code ${c.city_code} is ${region.name}, expected ${c.name_zh}市`);
    }
    if (seen.code.has(c.city_code)) errors.push(`${w}: duplicate city_code (also ${seen.code.get(c.city_code)})`);
    seen.code.set(c.city_code, c.where);
    if (c.city_code <= previousCode) errors.push(`${w}: rows are not sorted by city_code`);
    previousCode = c.city_code;
  }

  // Names.
  if (!HAN.test(c.name_zh)) errors.push(`${w}: name_zh ${JSON.stringify(c.name_zh)} is not plain Chinese characters`);
  else if (c.name_zh.endsWith('市')) errors.push(`${w}: name_zh should not end with 市`);
  if (!/^[A-Z][a-z]*(?:['-]?[a-z]+)*$/.test(c.name_en)) {
    errors.push(`${w}: name_en ${JSON.stringify(c.name_en)} is not a capitalised romanised name`);
  }
  for (const [k, m] of [['name_zh', seen.zh], ['name_en', seen.en]]) {
    if (m.has(c[k])) errors.push(`${w}: duplicate ${k} ${c[k]} (also ${m.get(c[k])})`);
    m.set(c[k], c.where);
  }

  // Tier.
  if (!TIERS.includes(c.tier)) errors.push(`${w}: tier ${JSON.stringify(c.tier)} is not one of ${TIERS.join(', ')}`);
  else byTier[c.tier].push(c.name_zh);

  // Airports: space-separated IATA codes of airports.tsv, each serving one city only.
  if (c.airports === '') {
    noAirport.push(c.name_zh);
  } else {
    const codes = c.airports.split(' ');
    if (new Set(codes).size !== codes.length) errors.push(`${w}: airports ${JSON.stringify(c.airports)} lists a code twice`);
    for (const code of codes) {
      if (!/^[A-Z]{3}$/.test(code)) {
        errors.push(`${w}: airport ${JSON.stringify(code)} is not a 3-letter IATA code (single spaces only)`);
      } else if (!airports.has(code)) {
        errors.push(`${w}: airport ${code} not in ${paths.airports}`);
      } else if (airportOwner.has(code) && airportOwner.get(code) !== c.name_zh) {
        errors.push(`${w}: airport ${code} also listed for ${airportOwner.get(code)}`);
      } else {
        airportOwner.set(code, c.name_zh);
      }
    }
  }

  // Rail stations: space-separated station names in Chinese, without the 站 suffix.
  if (c.rail_station_zh === '') {
    errors.push(`${w}: rail_station_zh is empty`);
  } else {
    const stations = c.rail_station_zh.split(' ');
    if (new Set(stations).size !== stations.length) errors.push(`${w}: rail_station_zh lists a station twice`);
    for (const s of stations) {
      if (!HAN.test(s)) errors.push(`${w}: station ${JSON.stringify(s)} is not plain Chinese characters (single spaces only)`);
      else if (s.endsWith('站')) errors.push(`${w}: station ${s} should be written without 站`);
      else if (stationOwner.has(s) && stationOwner.get(s) !== c.name_zh) {
        errors.push(`${w}: station ${s} also listed for ${stationOwner.get(s)}`);
      } else stationOwner.set(s, c.name_zh);
    }
  }
}

// The tier1 and new_tier1 lists must be exactly the published ones.
for (const [tier, names] of Object.entries(REQUIRED)) {
  for (const n of names) {
    if (!seen.zh.has(n)) errors.push(`${paths.cities}: ${tier} city ${n} is missing`);
    else if (!byTier[tier].includes(n)) errors.push(`${paths.cities}: ${n} should have tier ${tier}`);
  }
  for (const n of byTier[tier]) {
    if (!names.includes(n)) errors.push(`${paths.cities}: ${n} has tier ${tier} but is not in the published ${tier} list`);
  }
}

for (const c of cities) {
  const lat = Number(c.latitude), lon = Number(c.longitude);
  if (!/^-?\d+\.\d{4}$/.test(c.latitude) || !/^-?\d+\.\d{4}$/.test(c.longitude) ||
      lat < 18 || lat > 54 || lon < 73 || lon > 135)
    errors.push(`${paths.cities}: ${c.city_code}: coordinates ${c.latitude},${c.longitude} are not in China`);
}

if (errors.length > 0) {
  console.error(`check-cities.mjs: ${errors.length} problem(s):`);
  for (const e of errors) console.error(`  ${e}`);
  process.exit(1);
}

console.log(
  `${paths.cities}: ${cities.length} cities OK ` +
    `(${TIERS.map((t) => `${t} ${byTier[t].length}`).join(', ')}; ` +
    `${airportOwner.size} airports; without an airport in ${paths.airports}: ${noAirport.join(' ') || 'none'})`,
);
