// 历史数据导入 (issue 16): the province's existing records from its earlier system, one kind at a time,
// through the shared import flow (BulkImport: check in the background, preview, confirm, report).
import { useState } from 'react';
import { Alert, Button, Card, Radio } from 'antd';
import BulkImport from '../../shared/BulkImport';

const OUTCOMES: Record<string, string> = {
  created: '新增',
  updated: '更新（原系统记录较新）',
  unchanged: '无变化',
  kept_newer: '平台记录较新，未更新',
  matched: '平台已有（保留平台记录）',
  workersCreated: '新登记人员',
  workersMatched: '已在平台的人员',
  organisationsCreated: '新建用人单位',
};
const KINDS = {
  certificates: '证书（含持证人）',
  workers: '人员',
  reviews: '复审记录',
  institutions: '培训机构',
  sites: '考试点',
  ledgers: '用人单位及台账',
} as const;
type KindSlug = keyof typeof KINDS;

export default function LegacyImportPage() {
  const [kind, setKind] = useState<KindSlug>('certificates');
  return (
    <Card title="历史数据导入">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="导入本省原系统中的持证人员和特种作业操作证。上传后平台在后台逐行检查（身份证号校验码、作业项目代码、证书编号是否为 T+身份证号、日期顺序、文件内与平台内重复），预览全部问题；确认后整批写入，任何一行出错都不写入。与平台已有记录相同的行不作改动，原系统记录较新的才更新。导入的证书在核验页标注“历史导入”或“外省”，上岗核验、复审提醒和撤销与本平台签发的证书相同。"
      />
      <BulkImport
        prefix="/api/legacy-imports"
        uploadUrl={`/api/legacy-imports/kinds/${kind}`}
        labels={OUTCOMES}
        kindLabel={(k) => KINDS[k.split('.')[1] as KindSlug] ?? k}
        toolbar={(busy) => (
          <>
            <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)} disabled={busy}>
              {Object.entries(KINDS).map(([k, label]) => (
                <Radio.Button key={k} value={k}>
                  {label}
                </Radio.Button>
              ))}
            </Radio.Group>
            <Button href={`/api/legacy-imports/templates/${kind}.xlsx`}>下载 .xlsx 模板（含填写说明）</Button>
            <Button href={`/api/legacy-imports/templates/${kind}.csv`}>下载 .csv 模板</Button>
          </>
        )}
      />
    </Card>
  );
}
