// Legacy import routes: the shared import routes under /api/legacy-imports for the two kinds.
import { importRoutes } from '../../kernel/imports/index.js';
import { LEGACY_IMPORTS } from './service.js';

export const legacyRoutes = importRoutes({
  prefix: '/legacy-imports',
  tag: '历史数据导入',
  kinds: LEGACY_IMPORTS,
  templates: {
    certificates: {
      title: '历史特种作业操作证导入模板',
      example: {
        idNumber: '510107198506150012',
        name: '张三',
        phone: '13800001234',
        education: '高中',
        regionCode: '510107',
        number: 'T510107198506150012',
        itemCode: '1.1',
        issuedOn: '2021-05-18',
        validFrom: '2021-05-18',
        validUntil: '2027-05-17',
        nextReviewDue: '2024-05-18',
        lastReviewedOn: '2024-04-20',
        authorityName: '四川省应急管理厅',
        state: '有效',
        origin: '本省',
        recordDate: '2024-04-20',
      },
    },
    workers: {
      title: '历史特种作业人员导入模板',
      example: {
        idNumber: '510107198506150012',
        name: '张三',
        phone: '13800001234',
        education: '高中',
        regionCode: '510107',
      },
    },
  },
});
