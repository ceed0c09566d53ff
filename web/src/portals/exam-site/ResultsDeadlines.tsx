// 成绩发布期限 (Order 30 art. 16): scores are published within 10 working days after the exam. The
// centre sees its own sessions past or near the deadline, the regulator those of its area.
import { Alert, Card, Table, Tag } from 'antd';
import { fmtDateTime } from '../../shared/format';
import { useApi } from '../../shared/useApi';

interface DeadlineRow {
  sessionId: string;
  date: string;
  itemCode: string;
  siteName: string;
  examined: number;
  dueOn: string;
  publishedAt: string | null;
  status: 'overdue' | 'due' | 'published_late';
  statusLabel: string;
}

const COLORS: Record<DeadlineRow['status'], string> = { overdue: 'red', due: 'blue', published_late: 'orange' };

export function ResultsDeadlines() {
  const { data } = useApi<{ workingDays: number; counts: Record<string, number>; items: DeadlineRow[] }>(
    '/api/exams/results-deadlines',
  );
  if (!data?.items.length) return null;
  return (
    <Card size="small" title={`成绩发布期限（考试结束后 ${data.workingDays} 个工作日内发布）`}>
      {data.counts.overdue > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          title={`${data.counts.overdue} 场考试已超过成绩发布期限仍未发布`}
        />
      )}
      <Table<DeadlineRow>
        size="small"
        rowKey="sessionId"
        dataSource={data.items}
        pagination={{ pageSize: 5, hideOnSinglePage: true }}
        columns={[
          { title: '考试日期', dataIndex: 'date', width: 110 },
          { title: '考试点', dataIndex: 'siteName' },
          { title: '项目', dataIndex: 'itemCode', width: 60 },
          { title: '参考人数', dataIndex: 'examined', width: 90 },
          { title: '发布期限', dataIndex: 'dueOn', width: 110 },
          {
            title: '状态',
            width: 180,
            render: (_, r) => (
              <>
                <Tag color={COLORS[r.status]}>{r.statusLabel}</Tag>
                {r.publishedAt && <span style={{ fontSize: 12 }}>{fmtDateTime(r.publishedAt)}</span>}
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
