// Chinese names of audit actions and entity types, for the people who read the trail. A module
// that writes a new action adds its name here; an unnamed action is shown by its code.

const ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.account_locked': '账户锁定',
  'user.create': '新建账户',
  'user.unlock': '解除锁定',
  'organisation.create': '新建机构',
  'catalog.set_syllabus_hours': '设置大纲学时',
  'worker.register': '人员登记',
  'worker.link': '关联已登记人员',
  'worker.health_declared': '录入体检证明',
  'worker.reveal_id_number': '查看完整身份证号',
  'worker.reveal_phone': '查看完整手机号',
};

const ENTITY_LABELS: Record<string, string> = {
  user: '账户',
  organisation: '机构',
  operation_item: '作业项目',
  worker: '人员',
};

export const auditActionLabel = (action: string) => ACTION_LABELS[action] ?? action;
export const auditEntityLabel = (entityType: string) => ENTITY_LABELS[entityType] ?? entityType;
