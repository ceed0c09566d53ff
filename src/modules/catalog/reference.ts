// The national catalogue of special operations (CAT-1): Order 30's annex, as NATIONAL.md lists it.
// Syllabus hours are not stated there, so they start empty and unconfirmed (CAT-2): the provincial
// authority sets them through the API rather than the platform inventing them.

export interface CatalogueCategory {
  code: string;
  name: string;
  items: Array<[code: string, name: string]>;
}

export const NATIONAL_CATALOGUE: CatalogueCategory[] = [
  {
    code: '1',
    name: '电工作业',
    items: [
      ['1.1', '高压电工作业'],
      ['1.2', '低压电工作业'],
      ['1.3', '防爆电气作业'],
    ],
  },
  {
    code: '2',
    name: '焊接与热切割作业',
    items: [
      ['2.1', '熔化焊接与热切割作业'],
      ['2.2', '压力焊作业'],
      ['2.3', '钎焊作业'],
    ],
  },
  {
    code: '3',
    name: '高处作业',
    items: [
      ['3.1', '登高架设作业'],
      ['3.2', '高处安装、维护、拆除作业'],
    ],
  },
  {
    code: '4',
    name: '制冷与空调作业',
    items: [
      ['4.1', '制冷与空调设备运行操作作业'],
      ['4.2', '制冷与空调设备安装修理作业'],
    ],
  },
  {
    code: '5',
    name: '煤矿安全作业',
    items: [
      ['5.1', '煤矿井下电气作业'],
      ['5.2', '煤矿井下爆破作业'],
      ['5.3', '煤矿安全监测监控作业'],
      ['5.4', '煤矿瓦斯检查作业'],
      ['5.5', '煤矿安全检查作业'],
      ['5.6', '煤矿提升机操作作业'],
      ['5.7', '煤矿采煤机（掘进机）操作作业'],
      ['5.8', '煤矿瓦斯抽采作业'],
      ['5.9', '煤矿防突作业'],
      ['5.10', '煤矿探放水作业'],
    ],
  },
  {
    code: '6',
    name: '金属非金属矿山安全作业',
    items: [
      ['6.1', '金属非金属矿井通风作业'],
      ['6.2', '尾矿作业'],
      ['6.3', '金属非金属矿山安全检查作业'],
      ['6.4', '金属非金属矿山提升机操作作业'],
      ['6.5', '金属非金属矿山支柱作业'],
      ['6.6', '金属非金属矿山井下电气作业'],
      ['6.7', '金属非金属矿山排水作业'],
      ['6.8', '金属非金属矿山爆破作业'],
    ],
  },
  { code: '7', name: '石油天然气安全作业', items: [['7.1', '司钻作业']] },
  { code: '8', name: '冶金（有色）生产安全作业', items: [['8.1', '煤气作业']] },
  {
    code: '9',
    name: '危险化学品安全作业',
    items: [
      ['9.1', '光气及光气化工艺作业'],
      ['9.2', '氯碱电解工艺作业'],
      ['9.3', '氯化工艺作业'],
      ['9.4', '硝化工艺作业'],
      ['9.5', '合成氨工艺作业'],
      ['9.6', '裂解（裂化）工艺作业'],
      ['9.7', '氟化工艺作业'],
      ['9.8', '加氢工艺作业'],
      ['9.9', '重氮化工艺作业'],
      ['9.10', '氧化工艺作业'],
      ['9.11', '过氧化工艺作业'],
      ['9.12', '胺基化工艺作业'],
      ['9.13', '磺化工艺作业'],
      ['9.14', '聚合工艺作业'],
      ['9.15', '烷基化工艺作业'],
      ['9.16', '化工自动化控制仪表作业'],
    ],
  },
  {
    code: '10',
    name: '烟花爆竹安全作业',
    items: [
      ['10.1', '烟火药制造作业'],
      ['10.2', '黑火药制造作业'],
      ['10.3', '引火线制造作业'],
      ['10.4', '烟花爆竹产品涉药作业'],
      ['10.5', '烟花爆竹储存作业'],
    ],
  },
  // Category 11 (应急管理部认定的其他作业) starts empty: the authority adds items as data.
  { code: '11', name: '应急管理部认定的其他作业', items: [] },
];

/** EXM-9: practical exams of these categories must use real equipment, not simulators. */
export const REAL_EQUIPMENT_CATEGORIES = new Set(['1', '2', '3', '4', '10']);

/** CAT-2 / REG-3: hazardous-chemicals operations need senior high school or above. */
export const SENIOR_HIGH_CATEGORIES = new Set(['9']);
