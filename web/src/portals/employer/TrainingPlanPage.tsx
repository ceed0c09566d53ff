// 年度特种作业培训计划 (EMP-5): items, headcount and dates per year, weighed against the ledger, each
// line linked to the class its people were booked into.
import { useState } from 'react';
import {
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { del, post } from '../../api';
import { OperationItemSelect } from '../../shared/catalog';
import { ProblemAlert, applyFieldErrors, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface Line {
  id: string;
  itemCode: string;
  itemName: string;
  purposeLabel: string;
  headcount: number;
  plannedFrom: string;
  plannedTo: string;
  note: string | null;
  class: { id: string; name: string; institutionName: string | null; opensAt: string } | null;
}
interface Plan {
  year: number;
  lines: Line[];
  itemsOnLedger: { code: string; name: string; workers: number; planned: number }[];
}

export default function TrainingPlanPage() {
  const [year, setYear] = useState(dayjs().year() + (dayjs().month() >= 10 ? 1 : 0));
  const plan = useApi<Plan>(`/api/training-plan?year=${year}`);
  const [adding, setAdding] = useState(false);
  const [linking, setLinking] = useState<Line | null>(null);
  const showProblem = useProblem();

  const remove = async (line: Line) => {
    try {
      await del(`/api/training-plan/${line.id}`);
      plan.reload();
    } catch (err) {
      showProblem(err);
    }
  };

  return (
    <Flex vertical gap={16}>
      {plan.error && <ProblemAlert error={plan.error} />}
      <Card
        title="年度特种作业培训计划"
        extra={
          <Space>
            <Select
              value={year}
              onChange={setYear}
              options={[-1, 0, 1].map((d) => ({ value: dayjs().year() + d, label: `${dayjs().year() + d} 年` }))}
            />
            <Button type="primary" onClick={() => setAdding(true)}>
              新增计划
            </Button>
          </Space>
        }
      >
        <Table<Line>
          rowKey="id"
          size="small"
          loading={plan.loading}
          dataSource={plan.data?.lines}
          pagination={false}
          columns={[
            { title: '作业项目', render: (_: unknown, l) => `${l.itemCode} ${l.itemName}` },
            { title: '类型', dataIndex: 'purposeLabel' },
            { title: '人数', dataIndex: 'headcount' },
            { title: '计划时间', render: (_: unknown, l) => `${l.plannedFrom} 至 ${l.plannedTo}` },
            {
              title: '培训班',
              dataIndex: 'class',
              render: (c: Line['class']) =>
                c ? (
                  <>
                    {c.name}
                    <br />
                    <Typography.Text type="secondary">{c.institutionName}</Typography.Text>
                  </>
                ) : (
                  <Tag>未报名</Tag>
                ),
            },
            { title: '备注', dataIndex: 'note' },
            {
              title: '操作',
              key: 'a',
              render: (_: unknown, l) => (
                <Space>
                  <Button size="small" type="link" onClick={() => setLinking(l)}>
                    {l.class ? '更换培训班' : '关联培训班'}
                  </Button>
                  {!l.class && (
                    <Popconfirm title="删除该计划？" onConfirm={() => remove(l)}>
                      <Button size="small" type="link" danger>
                        删除
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title="台账人数与计划人数（按作业项目）">
        <Table
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={plan.data?.itemsOnLedger}
          columns={[
            { title: '作业项目', render: (_: unknown, r: Plan['itemsOnLedger'][number]) => `${r.code} ${r.name}` },
            { title: '台账在岗人数', dataIndex: 'workers' },
            {
              title: '本年计划培训人数',
              dataIndex: 'planned',
              render: (n: number) => (n ? n : <Tag color="orange">未列入计划</Tag>),
            },
          ]}
        />
      </Card>
      <AddLine year={year} open={adding} onClose={() => setAdding(false)} onAdded={plan.reload} />
      <LinkClass line={linking} onClose={() => setLinking(null)} onLinked={plan.reload} />
    </Flex>
  );
}

function AddLine({
  year,
  open,
  onClose,
  onAdded,
}: {
  year: number;
  open: boolean;
  onClose: () => void;
  onAdded: () => void;
}) {
  const [form] = Form.useForm();
  const showProblem = useProblem();
  const submit = async (v: {
    itemCode: string;
    purpose: string;
    headcount: number;
    range: [dayjs.Dayjs, dayjs.Dayjs];
    note?: string;
  }) => {
    try {
      await post('/api/training-plan', {
        year,
        itemCode: v.itemCode,
        purpose: v.purpose,
        headcount: v.headcount,
        plannedFrom: v.range[0].format('YYYY-MM-DD'),
        plannedTo: v.range[1].format('YYYY-MM-DD'),
        note: v.note || undefined,
      });
      form.resetFields();
      onAdded();
      onClose();
    } catch (err) {
      if (!applyFieldErrors(form, err)) showProblem(err);
    }
  };
  return (
    <Modal open={open} title={`新增 ${year} 年培训计划`} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ purpose: 'initial', headcount: 1 }}>
        <Form.Item name="itemCode" label="作业项目" rules={[{ required: true, message: '请选择' }]}>
          <OperationItemSelect />
        </Form.Item>
        <Form.Item name="purpose" label="类型">
          <Select
            options={[
              { value: 'initial', label: '取证培训' },
              { value: 'review', label: '复审培训' },
            ]}
          />
        </Form.Item>
        <Form.Item name="headcount" label="人数" rules={[{ required: true }]}>
          <InputNumber min={1} max={100000} />
        </Form.Item>
        <Form.Item name="range" label="计划时间" rules={[{ required: true, message: '请选择' }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function LinkClass({ line, onClose, onLinked }: { line: Line | null; onClose: () => void; onLinked: () => void }) {
  const [classId, setClassId] = useState('');
  const { message } = App.useApp();
  const showProblem = useProblem();
  const submit = async (id: string | null) => {
    try {
      await post(`/api/training-plan/${line!.id}/class`, { classId: id });
      message.success(id ? '已关联培训班' : '已取消关联');
      onLinked();
      onClose();
    } catch (err) {
      showProblem(err);
    }
  };
  return (
    <Modal
      open={!!line}
      title="关联培训班"
      onCancel={onClose}
      onOk={() => submit(classId.trim())}
      okButtonProps={{ disabled: !/^[0-9a-f-]{36}$/i.test(classId.trim()) }}
      destroyOnHidden
      footer={(_, { OkBtn, CancelBtn }) => (
        <>
          {line?.class && (
            <Button danger onClick={() => submit(null)}>
              取消关联
            </Button>
          )}
          <CancelBtn />
          <OkBtn />
        </>
      )}
    >
      <Typography.Paragraph type="secondary">
        填写培训机构提供的培训班编号（作业项目须与计划一致）。
      </Typography.Paragraph>
      <Input value={classId} onChange={(e) => setClassId(e.target.value)} placeholder="培训班编号" maxLength={36} />
    </Modal>
  );
}
