// 考试计划 (EXM-3): the exam centre files a plan (site × item × date × capacity) with its
// supervising regulator; the regulator approves or returns it; sessions are arranged only from
// approved plan lines.
import { useState } from 'react';
import {
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  TimePicker,
  message,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { post } from '../../api';
import { useSession } from '../../app/auth';
import { OperationItemSelect } from '../../shared/catalog';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { fmtDateTime } from '../../shared/format';
import type { Site } from './ExamSitesPage';

interface PlanLine {
  siteId: string;
  itemCode: string;
  date: string;
  capacity: number;
}
interface Plan {
  id: string;
  title: string;
  status: 'submitted' | 'approved' | 'rejected';
  statusLabel: string;
  submittedAt: string;
  decisionNote: string | null;
  lines: PlanLine[];
  regulatorOrgId: string;
}

const STATUS_COLOR = { submitted: 'orange', approved: 'green', rejected: 'red' } as const;

export default function ExamPlansPage() {
  const { user } = useSession();
  const isCentre = user.org?.kind === 'exam_centre';
  const { data, error, loading, reload } = useApi<{ items: Plan[]; regulators: Array<{ id: string; name: string }> }>(
    '/api/exams/plans',
  );
  const sites = useApi<{ items: Site[] }>('/api/exams/sites');
  const siteName = (id: string) => sites.data?.items.find((s) => s.id === id)?.name ?? id.slice(0, 8);
  const showProblem = useProblem();

  const decide = (plan: Plan, approve: boolean) => {
    let note = '';
    Modal.confirm({
      title: approve ? '批准考试计划' : '退回考试计划',
      content: (
        <Input.TextArea maxLength={500} placeholder="审批意见（可选）" onChange={(e) => (note = e.target.value)} />
      ),
      onOk: () => post(`/api/exams/plans/${plan.id}/decision`, { approve, note }).then(reload, showProblem),
    });
  };
  const arrange = (plan: Plan, line: number) => {
    let time: Dayjs | null = null;
    Modal.confirm({
      title: '安排考试场次',
      content: <TimePicker format="HH:mm" minuteStep={5} onChange={(t) => (time = t)} placeholder="开考时间" />,
      onOk: async () => {
        if (!time) throw new Error('请选择开考时间');
        await post('/api/exams/sessions', { planId: plan.id, line, startTime: time.format('HH:mm') }).then(
          () => message.success('场次已安排'),
          showProblem,
        );
      },
    });
  };

  return (
    <Card
      title="考试计划"
      extra={
        isCentre &&
        data && (
          <FilePlanButton
            regulators={data.regulators}
            sites={(sites.data?.items ?? []).filter((s) => s.acceptedAt)}
            onFiled={reload}
          />
        )
      }
    >
      {error && <ProblemAlert error={error} />}
      <Table<Plan>
        rowKey="id"
        loading={loading}
        dataSource={data?.items}
        pagination={false}
        expandable={{
          defaultExpandAllRows: true,
          expandedRowRender: (plan) => (
            <Table<PlanLine & { i: number }>
              size="small"
              rowKey="i"
              pagination={false}
              dataSource={plan.lines.map((l, i) => ({ ...l, i }))}
              columns={[
                { title: '考试点', dataIndex: 'siteId', render: siteName },
                { title: '项目', dataIndex: 'itemCode' },
                { title: '日期', dataIndex: 'date' },
                { title: '容量', dataIndex: 'capacity' },
                ...(isCentre && plan.status === 'approved'
                  ? [
                      {
                        title: '操作',
                        render: (_: unknown, l: { i: number }) => (
                          <Button size="small" onClick={() => arrange(plan, l.i)}>
                            安排场次
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          ),
        }}
        columns={[
          { title: '计划', dataIndex: 'title' },
          { title: '报备时间', dataIndex: 'submittedAt', render: fmtDateTime },
          { title: '状态', render: (_, p) => <Tag color={STATUS_COLOR[p.status]}>{p.statusLabel}</Tag> },
          { title: '审批意见', dataIndex: 'decisionNote', render: (n: string | null) => n ?? '—' },
          ...(!isCentre
            ? [
                {
                  title: '操作',
                  render: (_: unknown, p: Plan) =>
                    p.status === 'submitted' &&
                    user.org?.id === p.regulatorOrgId && (
                      <Space>
                        <Button size="small" type="primary" onClick={() => decide(p, true)}>
                          批准
                        </Button>
                        <Button size="small" danger onClick={() => decide(p, false)}>
                          退回
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

function FilePlanButton({
  regulators,
  sites,
  onFiled,
}: {
  regulators: Array<{ id: string; name: string }>;
  sites: Site[];
  onFiled: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const showProblem = useProblem();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await post('/api/exams/plans', {
        ...v,
        lines: (v.lines as Array<PlanLine & { date: Dayjs }>).map((l) => ({ ...l, date: l.date.format('YYYY-MM-DD') })),
      });
      message.success('考试计划已报备，等待审批');
      setOpen(false);
      onFiled();
    } catch (err) {
      showProblem(err);
    }
  };
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        报备考试计划
      </Button>
      <Modal
        open={open}
        width={820}
        title="报备考试计划"
        okText="报备"
        cancelText="取消"
        onOk={submit}
        onCancel={() => setOpen(false)}
      >
        <Form form={form} layout="vertical" initialValues={{ lines: [{}] }}>
          <Form.Item name="title" label="计划名称" rules={[{ required: true, min: 2 }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="regulatorOrgId" label="报备监管部门" rules={[{ required: true }]}>
            <Select options={regulators.map((r) => ({ value: r.id, label: r.name }))} />
          </Form.Item>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="start">
                    <Form.Item name={[f.name, 'siteId']} label="考试点" rules={[{ required: true }]}>
                      <Select style={{ width: 220 }} options={sites.map((s) => ({ value: s.id, label: s.name }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'itemCode']} label="项目" rules={[{ required: true }]}>
                      <OperationItemSelect />
                    </Form.Item>
                    <Form.Item name={[f.name, 'date']} label="日期" rules={[{ required: true }]}>
                      <DatePicker />
                    </Form.Item>
                    <Form.Item name={[f.name, 'capacity']} label="容量" rules={[{ required: true }]}>
                      <InputNumber min={1} max={1000} />
                    </Form.Item>
                    <Button style={{ marginTop: 30 }} onClick={() => remove(f.name)}>
                      删除
                    </Button>
                  </Space>
                ))}
                <Button onClick={() => add({})}>添加一行</Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </>
  );
}
