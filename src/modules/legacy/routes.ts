// Legacy import routes: the shared import routes under /api/legacy-imports for every legacy kind.
import { generateCreditCode } from '../../kernel/ids.js';
import { importRoutes } from '../../kernel/imports/index.js';
import { LEGACY_IMPORTS } from './kinds.js';

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
    institutions: {
      title: '历史培训机构导入模板',
      example: {
        name: '成都安培职业技能培训学校',
        creditCode: generateCreditCode('510107', 10_000_012),
        regionCode: '510107',
        filingNumber: '川安培备〔2019〕012号',
        scope: '1.1、4.1',
        filedOn: '2019-03-01',
        recordDate: '2023-06-30',
      },
    },
    sites: {
      title: '历史考试点导入模板',
      example: {
        name: '成都市武侯区特种作业考试点',
        address: '成都市武侯区科华北路 1 号',
        regionCode: '510107',
        centreCreditCode: generateCreditCode('510000', 10_000_001),
        itemCodes: '1.1、4.1',
        acceptedOn: '2020-05-20',
        recordDate: '2023-06-30',
      },
    },
    ledgers: {
      title: '历史用人单位台账导入模板',
      example: {
        employerName: '四川蜀安建设工程有限公司',
        employerCreditCode: generateCreditCode('510107', 10_000_101),
        employerRegionCode: '510107',
        idNumber: '510107198506150012',
        name: '张三',
        phone: '13800001234',
        education: '高中',
        regionCode: '510107',
        kind: '本单位职工',
        providerName: '',
        itemCodes: '1.1',
        hiredOn: '2021-06-01',
        recordDate: '2023-06-30',
      },
    },
    reviews: {
      title: '历史复审记录导入模板',
      example: {
        number: 'T510107198506150012',
        itemCode: '1.1',
        reviewedOn: '2024-04-20',
        result: '合格',
        authorityName: '四川省应急管理厅',
        retrainingHours: '8',
        note: '',
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
