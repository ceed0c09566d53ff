// 复审办结超期 (CER-4): reviews the authority has not decided within 20 working days of the
// application, and decisions taken late — for the authority and the regulators of the area.
import { Card, Table, Tag, Typography } from 'antd';
import { RuleTag } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface OverdueReview {
  reviewId: string;
  number: string;
  holderName: string;
  itemName: string;
  authorityName: string;
  kind: 'review' | 'extended';
  appliedOn: string;
  decisionDueOn: string | null;
  status: 'pending' | 'approved' | 'refused';
  decidedOn: string | null;
  daysLate: number;
}

interface Overdue {
  today: string;
  workingDays: number;
  pendingOverdue: OverdueReview[];
  decidedLate: OverdueReview[];
}

const STATUS: Record<OverdueReview['status'], { label: string; color: string }> = {
  pending: { label: '未办结', color: 'red' },
  approved: { label: '已准予（超期）', color: 'orange' },
  refused: { label: '已驳回（超期）', color: 'orange' },
};

export default function ReviewDeadlinesCard() {
  const { data, loading } = useApi<Overdue>('/api/certificates/reviews/overdue');
  if (!data) return null;
  const rows = [...data.pendingOverdue, ...data.decidedLate];
  return (
    <Card
      data-testid="review-deadlines"
      title={
        <>
          复审办结超期 <RuleTag rule="CER-4" />
        </>
      }
      extra={
        <Typography.Text type="secondary">
          考核发证机关应在受理复审申请之日起 {data.workingDays} 个工作日内办结
        </Typography.Text>
      }
    >
      <Table<OverdueReview>
        rowKey="reviewId"
        size="small"
        loading={loading}
        dataSource={rows}
        locale={{ emptyText: '没有超期未办结的复审' }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: '证号', dataIndex: 'number' },
          { title: '姓名', dataIndex: 'holderName' },
          { title: '项目', dataIndex: 'itemName' },
          { title: '发证机关', dataIndex: 'authorityName' },
          { title: '申请日期', dataIndex: 'appliedOn' },
          { title: '办结期限', dataIndex: 'decisionDueOn' },
          {
            title: '状态',
            key: 'status',
            render: (_: unknown, r) => <Tag color={STATUS[r.status].color}>{STATUS[r.status].label}</Tag>,
          },
          {
            title: '超期',
            dataIndex: 'daysLate',
            render: (v: number, r) => `${v} 天${r.decidedOn ? `（${r.decidedOn} 办结）` : ''}`,
          },
        ]}
      />
    </Card>
  );
}
