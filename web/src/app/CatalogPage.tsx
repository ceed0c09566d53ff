// 作业目录 (CAT-1, CAT-2): categories and their operation items with syllabus hours and conditions.
import { Card, Collapse, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { OperationItem } from '../types';
import { useCatalog } from '../shared/catalog';
import { ProblemAlert } from '../shared/problem';

const hours = (value: number | null, item: OperationItem) => (
  <>
    {value ?? '—'}
    {!item.hoursConfirmed && (
      <Tag color="orange" style={{ marginInlineStart: 8 }}>
        待确认
      </Tag>
    )}
  </>
);

const columns: TableColumnsType<OperationItem> = [
  { title: '代码', dataIndex: 'code', width: 80 },
  { title: '操作项目', dataIndex: 'name' },
  { title: '理论学时', dataIndex: 'theoryHours', width: 140, render: hours },
  { title: '实操学时', dataIndex: 'practicalHours', width: 140, render: hours },
  {
    title: '实操须用真实设备',
    dataIndex: 'requiresRealEquipment',
    width: 150,
    render: (real: boolean) =>
      real ? <Tag color="blue">是</Tag> : <Typography.Text type="secondary">否</Typography.Text>,
  },
  { title: '最低学历', dataIndex: 'minEducationLabel', width: 120 },
];

export default function CatalogPage() {
  const { categories, error } = useCatalog();
  return (
    <Card title="特种作业目录" loading={!categories && !error}>
      {error && <ProblemAlert error={error} />}
      <Typography.Paragraph type="secondary">
        学时标注“待确认”的，为尚未与现行培训大纲核对确认的数值，仅供参考。
      </Typography.Paragraph>
      <Collapse
        defaultActiveKey={categories?.[0] ? [categories[0].code] : []}
        items={categories?.map((c) => ({
          key: c.code,
          label: (
            <>
              <Typography.Text strong>
                {c.code}　{c.name}
              </Typography.Text>
              <Typography.Text type="secondary">（{c.items.length} 个操作项目）</Typography.Text>
            </>
          ),
          children: (
            <Table<OperationItem>
              rowKey="code"
              size="small"
              pagination={false}
              columns={columns}
              dataSource={c.items}
            />
          ),
        }))}
      />
    </Card>
  );
}
