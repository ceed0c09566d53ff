// The basic conditions of AQ 8011-2023 (seed 001 annex) as the server judged them: met / not met /
// no data / declared (INS-4 certificates the platform cannot verify yet), with reason and annex item.
import { Table, Tag } from 'antd';

export interface Condition {
  id: string;
  aspect: string;
  annexItem: string;
  label: string;
  status: 'met' | 'not_met' | 'no_data' | 'declared';
  reason: string;
}

const STATUS: Record<Condition['status'], { color: string; label: string }> = {
  met: { color: 'green', label: '符合' },
  not_met: { color: 'red', label: '不符合' },
  no_data: { color: 'orange', label: '无资料' },
  declared: { color: 'blue', label: '已申报·待核验' },
};

export default function ConditionTable({ conditions }: { conditions: Condition[] }) {
  return (
    <Table<Condition>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={conditions}
      locale={{ emptyText: '尚无可核查的资料' }}
      columns={[
        { title: '方面', dataIndex: 'aspect', width: 150 },
        { title: '核查条目', dataIndex: 'annexItem', width: 110 },
        { title: '条件', dataIndex: 'label' },
        {
          title: '结论',
          dataIndex: 'status',
          width: 120,
          render: (s: Condition['status']) => <Tag color={STATUS[s].color}>{STATUS[s].label}</Tag>,
        },
        { title: '依据', dataIndex: 'reason' },
      ]}
    />
  );
}
