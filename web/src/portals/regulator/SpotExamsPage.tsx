// 逢查必考 (SUP-3) results for regulators: spot exams of the jurisdiction, and taken / passed / failed by
// the institution that trained and the exam site that examined the workers.
import { Card, Col, Flex, Row, Statistic, Table } from 'antd';
import { ProblemAlert } from '../../shared/problem';
import { SpotExamTable, type SpotExam } from '../../shared/spotExams';
import { useApi } from '../../shared/useApi';

interface Tally {
  name: string;
  taken: number;
  passed: number;
  failed: number;
}
interface Listing {
  items: SpotExam[];
  counts: { taken: number; passed: number; failed: number; pending: number };
  byInstitution: Tally[];
  bySite: Tally[];
}

function TallyTable({ rows, title }: { rows: Tally[]; title: string }) {
  return (
    <Card size="small" title={title}>
      <Table<Tally>
        size="small"
        rowKey="name"
        dataSource={rows}
        pagination={false}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '抽考', dataIndex: 'taken' },
          { title: '合格', dataIndex: 'passed' },
          {
            title: '不合格',
            dataIndex: 'failed',
            render: (v: number) => <span style={{ color: v ? '#cf1322' : undefined }}>{v}</span>,
          },
          { title: '合格率', render: (_, r) => (r.taken ? `${Math.round((r.passed * 100) / r.taken)}%` : '—') },
        ]}
      />
    </Card>
  );
}

export default function SpotExamsPage() {
  const { data, error } = useApi<Listing>('/api/spot-exams');
  if (error) return <ProblemAlert error={error} />;
  if (!data) return null;
  return (
    <Flex vertical gap={12}>
      <Row gutter={12}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="已抽考" value={data.counts.taken} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="合格" value={data.counts.passed} valueStyle={{ color: '#3f8600' }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="不合格" value={data.counts.failed} valueStyle={{ color: '#cf1322' }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="待作答" value={data.counts.pending} />
          </Card>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <TallyTable title="按培训机构" rows={data.byInstitution} />
        </Col>
        <Col xs={24} md={12}>
          <TallyTable title="按考试点" rows={data.bySite} />
        </Col>
      </Row>
      <Card size="small" title="抽考记录">
        <SpotExamTable items={data.items} />
      </Card>
    </Flex>
  );
}
