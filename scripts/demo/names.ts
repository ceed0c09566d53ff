// Deterministic, realistic-looking Chinese names for demo data.

/** A small seeded PRNG, so every first start shows the same people. */
export { mulberry32 as makeRandom } from '../../src/kernel/random.js';

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const MALE = [
  '伟',
  '强',
  '磊',
  '军',
  '勇',
  '杰',
  '涛',
  '斌',
  '超',
  '明',
  '刚',
  '平',
  '辉',
  '鹏',
  '华',
  '飞',
  '鑫',
  '波',
  '宇',
  '浩',
  '建国',
  '志强',
  '海龙',
  '晓东',
  '国庆',
  '春生',
  '德明',
  '永红',
];
const FEMALE = ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '燕', '玲', '桂英', '秀兰', '晓燕', '丹', '萍', '红梅'];

export function personName(random: () => number, gender: 'male' | 'female'): string {
  const given = gender === 'male' ? MALE : FEMALE;
  return SURNAMES[Math.floor(random() * SURNAMES.length)] + given[Math.floor(random() * given.length)];
}
