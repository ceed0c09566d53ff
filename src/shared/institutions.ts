// INS-2 (AQ 8011-2023, seed 001 annex): the management rules a training institution must have, as
// the filing form offers them and the server checks them.

export const MANAGEMENT_RULES = [
  ['post_responsibility', '岗位责任制'],
  ['teaching', '培训教学管理'],
  ['teachers', '教师管理'],
  ['trainees', '学员管理'],
  ['evaluation', '培训教学评估'],
  ['archives', '培训档案管理'],
  ['equipment', '设备设施管理'],
  ['safety_emergency', '安全和应急管理'],
  ['finance', '财务管理'],
  ['logistics', '后勤管理'],
] as const;
