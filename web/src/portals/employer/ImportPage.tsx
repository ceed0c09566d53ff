// 批量导入台账 (REG-4, EMP-3, issue 18): upload the template as .xlsx or .csv; the server checks every row
// in the background (progress shown), names every bad row; after confirmation the file is written as
// a whole in the background (progress shown), or not at all.
import { Link } from 'react-router-dom';
import { Alert, Button, Card } from 'antd';
import BulkImport from '../../shared/BulkImport';

export default function ImportPage() {
  return (
    <Card title="批量导入特种作业人员台账" extra={<Link to="/employer/ledger">返回台账</Link>}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="按模板填写后上传 .xlsx 或 UTF-8 编码的 .csv（一次最多 200,000 行）。平台在后台逐行检查（身份证号、作业项目、重复等），可离开本页稍后再看；任何一行有误，整个文件都不导入，修改后重新上传即可。尚未登记的人员将一并登记建档。所填作业项目须持有效操作证（EMP-1）；待取证人员的作业项目可留空。"
        action={<Button href="/api/employment-imports/template.xlsx">下载模板</Button>}
      />
      <BulkImport
        prefix="/api/employment-imports"
        labels={{ imported: '列入台账的人员', newWorkers: '其中新登记建档' }}
        committedExtra={
          <Link to="/employer/ledger?filing=due">
            <Button>去备案（聘用之日起 15 日内）</Button>
          </Link>
        }
      />
    </Card>
  );
}
