// 人员查询
import { Card } from 'antd';
import WorkerSearchTable from '../../shared/WorkerSearchTable';

export default function WorkersPage() {
  return (
    <Card title="人员查询">
      <WorkerSearchTable />
    </Card>
  );
}
