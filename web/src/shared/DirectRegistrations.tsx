// 直接报考 (TRN-6): the candidate's application with vocational-education evidence, and the
// regulator's review of those in its jurisdiction.
import { App, Button, Card, DatePicker, Form, Input, Select, Space, Tag } from 'antd';
import ResponsiveTable from './ResponsiveTable';
import type { Dayjs } from 'dayjs';
import { post } from '../api';
import { useCatalog } from './catalog';
import { useProblem } from './problem';
import { useApi } from './useApi';

interface Direct {
  id: string;
  itemCode: string;
  status: string;
  submittedAt: string;
  reason: string | null;
  evidence: { school: string; major: string; graduatedOn: string; diplomaNumber: string };
}
const STATUS: Record<string, [string, string]> = {
  submitted: ['processing', '审核中'],
  approved: ['green', '已通过'],
  rejected: ['red', '未通过'],
};

export default function DirectRegistrations({ reviewer }: { reviewer: boolean }) {
  const { data, reload } = useApi<{ items: Direct[] }>('/api/training/direct-registrations');
  const { categories } = useCatalog();
  const showProblem = useProblem();
  const { message, modal } = App.useApp();
  const done = (ok: string) => () => {
    message.success(ok);
    reload();
  };
  const review = (d: Direct, decision: 'approve' | 'reject') => {
    if (decision === 'approve')
      return post(`/api/training/direct-registrations/${d.id}/review`, { decision }).then(done('已通过'), showProblem);
    let reason = '';
    modal.confirm({
      title: '不予通过',
      content: <Input placeholder="理由" onChange={(e) => (reason = e.target.value)} />,
      okText: '确定',
      cancelText: '取消',
      onOk: () =>
        post(`/api/training/direct-registrations/${d.id}/review`, { decision, reason }).then(
          done('已退回'),
          showProblem,
        ),
    });
  };
  const apply = (v: { itemCode: string; school: string; major: string; graduatedOn: Dayjs; diplomaNumber: string }) =>
    post('/api/training/direct-registrations', {
      itemCode: v.itemCode,
      evidence: {
        school: v.school,
        major: v.major,
        graduatedOn: v.graduatedOn.format('YYYY-MM-DD'),
        diplomaNumber: v.diplomaNumber,
      },
    }).then(done('已提交，等待监管部门审核'), showProblem);
  return (
    <Card title="直接报考（职业教育专业对口，免培训）">
      {!reviewer && (
        <Form layout="inline" onFinish={apply} style={{ marginBottom: 16 }}>
          <Form.Item name="itemCode" rules={[{ required: true, message: '作业项目' }]}>
            <Select
              style={{ width: 220 }}
              placeholder="作业项目"
              options={categories?.map((c) => ({
                label: c.name,
                options: c.items.map((i) => ({ value: i.code, label: i.name })),
              }))}
            />
          </Form.Item>
          <Form.Item name="school" rules={[{ required: true, message: '院校' }]}>
            <Input placeholder="毕业院校" maxLength={100} />
          </Form.Item>
          <Form.Item name="major" rules={[{ required: true, message: '专业' }]}>
            <Input placeholder="专业" maxLength={100} />
          </Form.Item>
          <Form.Item name="graduatedOn" rules={[{ required: true, message: '毕业日期' }]}>
            <DatePicker placeholder="毕业日期" />
          </Form.Item>
          <Form.Item name="diplomaNumber" rules={[{ required: true, message: '证书编号' }]}>
            <Input placeholder="毕业证书编号" maxLength={40} />
          </Form.Item>
          <Button htmlType="submit">提交申请</Button>
        </Form>
      )}
      <ResponsiveTable<Direct>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={data?.items}
        locale={{ emptyText: '暂无申请' }}
        columns={[
          { title: '作业项目', dataIndex: 'itemCode' },
          {
            title: '院校 / 专业',
            key: 'e',
            render: (_: unknown, d) =>
              `${d.evidence.school} ${d.evidence.major}（${d.evidence.graduatedOn}，${d.evidence.diplomaNumber}）`,
          },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: string, d) => (
              <>
                <Tag color={STATUS[s]?.[0]}>{STATUS[s]?.[1] ?? s}</Tag>
                {d.reason}
              </>
            ),
          },
          ...(reviewer
            ? [
                {
                  title: '',
                  key: 'ops',
                  render: (_: unknown, d: Direct) =>
                    d.status === 'submitted' && (
                      <Space>
                        <Button size="small" type="primary" onClick={() => review(d, 'approve')}>
                          通过
                        </Button>
                        <Button size="small" danger onClick={() => review(d, 'reject')}>
                          不予通过
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
