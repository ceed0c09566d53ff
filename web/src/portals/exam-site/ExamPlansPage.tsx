// 考试计划 (EXM-3): the exam centre files a plan (site × item × date × capacity) with its
// supervising regulator; the regulator approves or returns it; sessions are arranged only from
// approved plan lines.
import { useState } from 'react';
import {
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  TimePicker,
  Typography,
  message,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { post, query } from '../../api';
import { useSession } from '../../app/auth';
import { OperationItemSelect } from '../../shared/catalog';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { fmtDateTime } from '../../shared/format';
import type { Site } from './ExamSitesPage';

interface PlanLine {
  siteId: string;
  siteName?: string | null;
  itemCode: string;
  date: string;
  capacity: number;
}
interface Plan {
  id: string;
  title: string;
  /** The title with the lines' dates and sites, so plans of one name are told apart. */
  label: string;
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
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<{ q?: string; status?: string }>({});
  const { data, error, loading, reload } = useApi<{
    items: Plan[];
    total: number;
    regulators: Array<{ id: string; name: string }>;
  }>(`/api/exams/plans${query({ ...filter, page, pageSize: 10 })}`);
  const sites = useApi<{ items: Site[] }>('/api/exams/sites');
  const siteName = (id: string) => sites.data?.items.find((s) => s.id === id)?.name ?? id.slice(0, 8);
  const showProblem = useProblem();
  const [arranging, setArranging] = useState<{ plan: Plan; line: number } | null>(null);

  const decide = (plan: Plan, approve: boolean) => {
    let note = '';
    Modal.confirm({
      title: `${approve ? '批准' : '退回'}考试计划：${plan.label}`,
      content: (
        <Input.TextArea maxLength={500} placeholder="审批意见（可选）" onChange={(e) => (note = e.target.value)} />
      ),
      onOk: () =>
        post(`/api/exams/plans/${plan.id}/decision`, { approve, note }).then(() => {
          message.success(approve ? '计划已批准' : '计划已退回');
          reload();
        }, showProblem),
    });
  };

  return (
    <Card
      title="考试计划"
      extra={
        <Flex gap={8} wrap>
          <Input.Search
            allowClear
            placeholder="计划名称"
            style={{ width: 180 }}
            onSearch={(v) => {
              setFilter((f) => ({ ...f, q: v.trim() || undefined }));
              setPage(1);
            }}
          />
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 110 }}
            onChange={(v?: string) => {
              setFilter((f) => ({ ...f, status: v }));
              setPage(1);
            }}
            options={[
              { value: 'submitted', label: '待审批' },
              { value: 'approved', label: '已批准' },
              { value: 'rejected', label: '已退回' },
            ]}
          />
          {isCentre && data && (
            <FilePlanButton
              regulators={data.regulators}
              sites={(sites.data?.items ?? []).filter((s) => s.acceptedAt)}
              onFiled={reload}
            />
          )}
        </Flex>
      }
    >
      {arranging && (
        <ArrangeModal
          plan={arranging.plan}
          line={arranging.line}
          siteName={
            arranging.plan.lines[arranging.line].siteName ?? siteName(arranging.plan.lines[arranging.line].siteId)
          }
          onClose={() => setArranging(null)}
        />
      )}
      {error && <ProblemAlert error={error} />}
      <Table<Plan>
        rowKey="id"
        loading={loading}
        dataSource={data?.items}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize: 10,
          total: data?.total,
          showSizeChanger: false,
          showTotal: (t) => `共 ${t} 个计划`,
          onChange: setPage,
        }}
        expandable={{
          expandedRowRender: (plan) => (
            <Table<PlanLine & { i: number }>
              size="small"
              rowKey="i"
              pagination={false}
              dataSource={plan.lines.map((l, i) => ({ ...l, i }))}
              columns={[
                {
                  title: '考试点',
                  dataIndex: 'siteId',
                  render: (id: string, l: PlanLine) => l.siteName ?? siteName(id),
                },
                { title: '项目', dataIndex: 'itemCode' },
                { title: '日期', dataIndex: 'date' },
                { title: '容量', dataIndex: 'capacity' },
                ...(isCentre && plan.status === 'approved'
                  ? [
                      {
                        title: '操作',
                        render: (_: unknown, l: { i: number }) => (
                          <Button size="small" onClick={() => setArranging({ plan, line: l.i })}>
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
          { title: '计划', dataIndex: 'label' },
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
  const [busy, setBusy] = useState(false);
  const showProblem = useProblem();
  const submit = async () => {
    if (busy) return;
    const v = await form.validateFields();
    setBusy(true);
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
    } finally {
      setBusy(false);
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
        okButtonProps={{ loading: busy }}
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

/**
 * EXM-3: arranging a session says what is being arranged and asks once; the button is busy while
 * the request runs (Enter cannot send it twice) and the server refuses an exact duplicate.
 */
function ArrangeModal({
  plan,
  line,
  siteName,
  onClose,
}: {
  plan: Plan;
  line: number;
  siteName: string;
  onClose(): void;
}) {
  const [time, setTime] = useState<Dayjs | null>(null);
  const [busy, setBusy] = useState(false);
  const showProblem = useProblem();
  const l = plan.lines[line];
  return (
    <Modal
      open
      title="安排考试场次"
      okText="确认安排"
      cancelText="取消"
      okButtonProps={{ disabled: !time, loading: busy }}
      onCancel={onClose}
      onOk={async () => {
        if (!time || busy) return;
        setBusy(true);
        try {
          await post('/api/exams/sessions', { planId: plan.id, line, startTime: time.format('HH:mm') });
          message.success(`场次已安排：${l.date} ${time.format('HH:mm')} ${siteName}`);
          onClose();
        } catch (err) {
          showProblem(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Flex vertical gap={12}>
        <Typography.Text>
          {siteName} · {l.itemCode} · {l.date} · 容量 {l.capacity} 人
        </Typography.Text>
        <TimePicker
          format="HH:mm"
          minuteStep={5}
          needConfirm={false}
          value={time}
          onChange={setTime}
          placeholder="开考时间"
        />
        {time && (
          <Typography.Text type="secondary">
            确认在 {l.date} {time.format('HH:mm')} 于「{siteName}」安排 {l.itemCode}{' '}
            考试？同一考试点、项目和开考时间不能重复安排。
          </Typography.Text>
        )}
      </Flex>
    </Modal>
  );
}
