// 培训班监管 (TRN-1): classes of the jurisdiction, late and unfiled first, counted per institution.
import { Card, Flex, Table, Tag } from 'antd';
import DirectRegistrations from '../../shared/DirectRegistrations';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { FILING_COLORS, type TrainingClass } from '../institution/ClassesPage';

interface Count { orgId: string; orgName: string; classes: number; filedLate: number; unfiledOverdue: number }

export default function ClassSupervisionPage() {
  const { data, error, loading } = useApi<{ items: TrainingClass[]; byInstitution: Count[] }>('/api/training/supervision/classes');
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      <Card title="各培训机构开班报备情况">
        <Table<Count> rowKey="orgId" size="small" loading={loading} dataSource={data?.byInstitution} pagination={false}
          columns={[
            { title: '培训机构', dataIndex: 'orgName' },
            { title: '培训班', dataIndex: 'classes' },
            { title: '逾期报备', dataIndex: 'filedLate', render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
            { title: '逾期未报备', dataIndex: 'unfiledOverdue', render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
          ]} />
      </Card>
      <Card title="辖区培训班（开班后48小时内须报备）">
        <Table<TrainingClass> rowKey="id" loading={loading} dataSource={data?.items}
          columns={[
            { title: '培训机构', dataIndex: 'orgName' },
            { title: '班级', dataIndex: 'name' },
            { title: '作业项目', dataIndex: 'itemCode' },
            { title: '地区', dataIndex: 'regionName' },
            { title: '开班时间', dataIndex: 'opensAt', render: (v: string) => new Date(v).toLocaleString('zh-CN') },
            { title: '报备时间', dataIndex: 'filedAt', render: (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN') : '—') },
            { title: '状态', dataIndex: 'filingState', render: (_: string, c) => <Tag color={FILING_COLORS[c.filingState]}>{c.filingStateLabel}</Tag> },
          ]} />
      </Card>
      <DirectRegistrations reviewer />
    </Flex>
  );
}
