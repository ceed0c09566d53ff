import { describe, expect, it } from 'vitest';
import {
  childrenOf,
  getRegion,
  isKnownProvince,
  isKnownRegion,
  isWithinRegion,
  regionFullName,
  regionLevel,
  regionPath,
  regionPrefix,
} from './regions.js';

const codes = (list: readonly { code: string }[]) => list.map((r) => r.code);

describe('GB/T 2260 regions (CAT-3)', () => {
  it('CAT-3 lists the 34 provincial-level divisions in code order', () => {
    const provinces = childrenOf(null);
    expect(provinces).toHaveLength(34);
    expect(provinces[0]).toEqual({ code: '110000', name: '北京市', level: 'province', parentCode: null });
    expect(codes(provinces)).toEqual([...codes(provinces)].sort());
    expect(codes(provinces)).toContain('820000');
  });

  it('CAT-3 finds a county with its city as parent', () => {
    expect(getRegion('510107')).toEqual({ code: '510107', name: '武侯区', level: 'county', parentCode: '510100' });
    expect(getRegion('510100')).toEqual({ code: '510100', name: '成都市', level: 'city', parentCode: '510000' });
    expect(getRegion('999999')).toBeUndefined();
  });

  it("CAT-3 hangs a municipality's districts directly under it (no city rows in the data)", () => {
    const beijing = childrenOf('110000');
    expect(beijing).toHaveLength(16);
    expect(beijing.every((r) => r.level === 'county' && r.parentCode === '110000')).toBe(true);
    expect(codes(beijing)).toContain('110105');
    expect(getRegion('110105')?.parentCode).toBe('110000');
    expect(childrenOf('500000').length).toBeGreaterThan(30); // 重庆: 500100 and 500200 both absent
    expect(getRegion('810001')?.parentCode).toBe('810000'); // 香港 districts
  });

  it("CAT-3 gives a province's cities and a city's counties, sorted by code", () => {
    const sichuan = childrenOf('510000');
    expect(sichuan.every((r) => r.level === 'city')).toBe(true);
    expect(codes(sichuan)[0]).toBe('510100');
    expect(codes(sichuan)).toEqual([...codes(sichuan)].sort());
    const chengdu = childrenOf('510100');
    expect(codes(chengdu)).toContain('510107');
    expect(chengdu.every((r) => r.level === 'county' && r.parentCode === '510100')).toBe(true);
    expect(childrenOf('510107')).toEqual([]);
    expect(childrenOf('999999')).toEqual([]);
  });

  it('CAT-3 leaves out the "市辖区" placeholders, which no one can be registered in', () => {
    expect(isKnownRegion('510101')).toBe(false);
    expect(codes(childrenOf('510100'))).not.toContain('510101');
  });

  it('CAT-3 names the province-administered county groups correctly and keeps them out of full names', () => {
    expect(getRegion('429000')?.name).toBe('省直辖县级行政区划');
    expect(getRegion('659000')?.name).toBe('自治区直辖县级行政区划');
    expect(getRegion('429004')?.parentCode).toBe('429000');
    expect(regionFullName('429004')).toBe('湖北省仙桃市');
  });

  it('CAT-3 builds paths and full names, skipping levels the data lacks', () => {
    expect(codes(regionPath('510107'))).toEqual(['510000', '510100', '510107']);
    expect(codes(regionPath('110105'))).toEqual(['110000', '110105']);
    expect(codes(regionPath('510000'))).toEqual(['510000']);
    expect(regionPath('110103')).toEqual([]); // 崇文区, abolished in 2010
    expect(regionFullName('510107')).toBe('四川省成都市武侯区');
    expect(regionFullName('110105')).toBe('北京市朝阳区');
    expect(regionFullName('510100')).toBe('四川省成都市');
    expect(regionFullName('110103')).toBeUndefined();
  });

  it('CAT-3 tells a known region and a known province apart', () => {
    expect(isKnownRegion('510107')).toBe(true);
    expect(isKnownRegion('110103')).toBe(false);
    expect(isKnownProvince('51')).toBe(true);
    expect(isKnownProvince('510000')).toBe(true);
    expect(isKnownProvince('110103')).toBe(true); // the county is gone, the province is not
    expect(isKnownProvince('99')).toBe(false);
    expect(isKnownProvince('990101')).toBe(false);
    expect(isKnownProvince('000000')).toBe(false);
    expect(isKnownProvince('5')).toBe(false);
    expect(isKnownProvince('5101')).toBe(false);
  });

  it('CAT-3 reads the level from the shape of the code', () => {
    expect(regionLevel('510000')).toBe('province');
    expect(regionLevel('510100')).toBe('city');
    expect(regionLevel('510107')).toBe('county');
    expect(regionLevel('810001')).toBe('county');
    expect(() => regionLevel('5101')).toThrow(RangeError);
  });

  it('CAT-3 scopes by prefix and refuses to make a prefix from a malformed code', () => {
    expect(regionPrefix('510000')).toBe('51');
    expect(regionPrefix('510100')).toBe('5101');
    expect(regionPrefix('510107')).toBe('510107');
    for (const bad of ['', '51', '5101', '51010', '5101070', 'abcdef', ' 51000']) {
      expect(() => regionPrefix(bad)).toThrow(RangeError);
    }
  });

  it('CAT-3 decides whether a region lies within another', () => {
    expect(isWithinRegion('510107', '510000')).toBe(true);
    expect(isWithinRegion('510107', '510100')).toBe(true);
    expect(isWithinRegion('510107', '510107')).toBe(true);
    expect(isWithinRegion('510100', '510100')).toBe(true);
    expect(isWithinRegion('510207', '510100')).toBe(false);
    expect(isWithinRegion('520107', '510000')).toBe(false);
    expect(isWithinRegion('510000', '510100')).toBe(false); // a province is not inside its city
    expect(isWithinRegion('110105', '110000')).toBe(true);
    expect(isWithinRegion('510107', '')).toBe(false);
    expect(isWithinRegion('', '510000')).toBe(false);
  });
});
