// 发证任务 (CER-1): passes waiting for issuance with their promised deadline on the authority's
// working-day calendar. The authority approves or returns; superior regulators follow overdue tasks.
// Issue 19 item 6: search by name or ID number, approval of one or many tasks only after a look at
// each one's scores and photo, and a per-task report of a batch.
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Image,
  Input,
  List,
  Modal,
  Segmented,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { post, query } from '../../api';
import { useAuth } from '../../app/auth';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import type { Page } from '../../types';

interface Task {
  id: string;
  workerName: string;
  idNumberMasked: string;
  itemCode: string;
  passedAt: string;
  receivedOn: string;
  dueOn: string;
  daysLeft: number;
  overdue: boolean;
  deadlineWorkingDays: number;
  status: 'pending' | 'returned' | 'issued';
  returnReason: string | null;
  certificateId: string | null;
  workerId: string;
  exam: {
    admissionNumber: string;
    date: string;
    siteName: string;
    theoryScore: number | null;
    theoryPassMark: number;
    practicalScore: number | null;
    practicalPassMark: number;
    passed: boolean;
  } | null;
}

type BatchResult =
  | { taskId: string; ok: true; certificateId: string; number: string }
  | { taskId: string; ok: false; detail: string; rule?: string };

const STATUS = {
  pending: { label: '待审批', color: 'blue' },
  returned: { label: '已退回', color: 'orange' },
  issued: { label: '已发证', color: 'green' },
};

export default function IssuanceTasksPage() {
  const { session } = useAuth();
  const canDecide = Boolean(session?.menu.includes('certificates.manage'));
  const [filter, setFilter] = useState<string>(canDecide ? 'pending' : 'overdue');
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const path = `/api/certificates/tasks${query({ status: filter === 'overdue' || filter === 'all' ? undefined : filter, overdue: filter === 'overdue' ? 'true' : undefined, q, page, pageSize: 20 })}`;
  const { data, error, loading, reload } = useApi<Page<Task>>(path);
  const [returning, setReturning] = useState<Task | null>(null);
  const [selected, setSelected] = useState<Task[]>([]);
  const [confirming, setConfirming] = useState<Task[] | null>(null);
  const [report, setReport] = useState<{ tasks: Task[]; results: BatchResult[] } | null>(null);
  const { message } = App.useApp();
  const showProblem = useProblem();

  const reopen = async (task: Task) => {
    try {
      await post(`/api/certificates/tasks/${task.id}/reopen`);
      message.success('已重新受理');
      reload();
    } catch (err) {
      showProblem(err);
    }
  };

  /** One task through its own route (its problem shown as is); several through the batch route. */
  const approve = async (tasks: Task[]) => {
    if (tasks.length === 1) {
      await post(`/api/certificates/tasks/${tasks[0].id}/approve`);
      message.success(`已为 ${tasks[0].workerName} 发证`);
    } else {
      const r = await post<{ results: BatchResult[]; approved: number; refused: number }>(
        '/api/certificates/tasks/batch-approve',
        { ids: tasks.map((t) => t.id) },
      );
      if (r.refused) setReport({ tasks, results: r.results });
      else message.success(`已发证 ${r.approved} 本`);
    }
    setSelected([]);
    setConfirming(null);
    reload();
  };

  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      <Card
        title={canDecide ? '发证任务（考试合格后在承诺期限内完成制证审批）' : '辖区发证任务（逾期未发证的督办）'}
        extra={
          <Flex gap={8} wrap>
            <Input.Search
              allowClear
              placeholder="姓名或身份证号"
              style={{ width: 220 }}
              onSearch={(v) => {
                setQ(v.trim());
                setPage(1);
              }}
            />
            <Segmented
              value={filter}
              onChange={(v) => {
                setFilter(String(v));
                setPage(1);
              }}
              options={[
                { value: 'pending', label: '待审批' },
                { value: 'overdue', label: '逾期' },
                { value: 'returned', label: '已退回' },
                { value: 'issued', label: '已发证' },
                { value: 'all', label: '全部' },
              ]}
            />
          </Flex>
        }
      >
        {canDecide && selected.length > 0 && (
          <Alert
            type="info"
            style={{ marginBottom: 12 }}
            title={
              <Space>
                已选 {selected.length} 项
                <Button type="primary" size="small" onClick={() => setConfirming(selected)}>
                  批量审批发证（{selected.length}）
                </Button>
                <Button size="small" onClick={() => setSelected([])}>
                  取消选择
                </Button>
              </Space>
            }
          />
        )}
        <Table<Task>
          rowKey="id"
          loading={loading}
          scroll={{ x: 'max-content' }}
          rowSelection={
            canDecide
              ? {
                  selectedRowKeys: selected.map((t) => t.id),
                  onChange: (_keys, rows) => setSelected(rows),
                  getCheckboxProps: (t) => ({ disabled: t.status !== 'pending' }),
                  preserveSelectedRowKeys: true,
                }
              : undefined
          }
          dataSource={data?.items}
          pagination={{
            current: page,
            total: data?.total,
            pageSize: 20,
            onChange: setPage,
            showTotal: (t) => `共 ${t} 条`,
          }}
          columns={[
            { title: '姓名', dataIndex: 'workerName' },
            { title: '身份证号', dataIndex: 'idNumberMasked' },
            { title: '作业项目', dataIndex: 'itemCode' },
            {
              title: '成绩（理论 / 实操）',
              render: (_: unknown, t: Task) => <Scores task={t} />,
            },
            { title: '合格日期', dataIndex: 'receivedOn' },
            {
              title: '办结期限',
              dataIndex: 'dueOn',
              render: (v: string, t) => (
                <>
                  {v}
                  <Typography.Text type="secondary">（{t.deadlineWorkingDays} 个工作日）</Typography.Text>
                </>
              ),
            },
            {
              title: '剩余',
              dataIndex: 'daysLeft',
              render: (d: number, t) =>
                t.status === 'issued' ? (
                  '—'
                ) : t.overdue ? (
                  <Tag color="red">逾期 {-d} 天</Tag>
                ) : (
                  <Tag color={d <= 3 ? 'orange' : 'default'}>{d} 天</Tag>
                ),
            },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: Task['status'], t) => (
                <Space direction="vertical" size={0}>
                  <Tag color={STATUS[s].color}>{STATUS[s].label}</Tag>
                  {t.returnReason && s === 'returned' && (
                    <Typography.Text type="secondary">{t.returnReason}</Typography.Text>
                  )}
                </Space>
              ),
            },
            ...(canDecide
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    render: (_: unknown, t: Task) => (
                      <Space>
                        {t.status === 'pending' && (
                          <Button type="primary" size="small" onClick={() => setConfirming([t])}>
                            审批发证
                          </Button>
                        )}
                        {t.status === 'pending' && (
                          <Button size="small" onClick={() => setReturning(t)}>
                            退回
                          </Button>
                        )}
                        {t.status === 'returned' && (
                          <Button size="small" onClick={() => reopen(t)}>
                            补正后重新受理
                          </Button>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <ApproveModal tasks={confirming} onClose={() => setConfirming(null)} onApprove={approve} />
      <Modal
        open={Boolean(report)}
        title="批量发证结果"
        onCancel={() => setReport(null)}
        footer={<Button onClick={() => setReport(null)}>关闭</Button>}
      >
        {report && (
          <List
            size="small"
            dataSource={report.results}
            renderItem={(r) => {
              const t = report.tasks.find((x) => x.id === r.taskId);
              return (
                <List.Item>
                  <Space>
                    {t?.workerName} {t?.itemCode}
                    {r.ok ? <Tag color="green">已发证 {r.number}</Tag> : <Tag color="red">未发证</Tag>}
                    {!r.ok && <Typography.Text type="danger">{r.detail}</Typography.Text>}
                  </Space>
                </List.Item>
              );
            }}
          />
        )}
      </Modal>
      <ReturnModal
        task={returning}
        onClose={() => setReturning(null)}
        onDone={() => {
          setReturning(null);
          reload();
        }}
      />
    </Flex>
  );
}

function ReturnModal({ task, onClose, onDone }: { task: Task | null; onClose(): void; onDone(): void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const showProblem = useProblem();
  return (
    <Modal
      open={Boolean(task)}
      title={`退回：${task?.workerName ?? ''}`}
      onCancel={onClose}
      destroyOnHidden
      onOk={async () => {
        const { reason } = await form.validateFields();
        try {
          await post(`/api/certificates/tasks/${task!.id}/return`, { reason });
          onDone();
        } catch (err) {
          showProblem(err);
        }
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label="退回原因（一次性告知需补正的全部材料）"
          rules={[{ required: true, message: '请填写退回原因' }, { max: 500 }]}
        >
          <Input.TextArea rows={4} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Scores({ task }: { task: Task }) {
  const e = task.exam;
  if (!e) return <Typography.Text type="secondary">—</Typography.Text>;
  const part = (score: number | null, mark: number) =>
    score === null ? (
      <Typography.Text type="secondary">免考</Typography.Text>
    ) : (
      <Typography.Text type={score >= mark ? undefined : 'danger'}>{score}</Typography.Text>
    );
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {part(e.theoryScore, e.theoryPassMark)} / {part(e.practicalScore, e.practicalPassMark)}
    </span>
  );
}

/**
 * CER-1: nothing is issued by one click. The authority sees, for every task it is about to approve,
 * the holder's registered photo, the masked ID number and the scores, then confirms with the count.
 */
function ApproveModal({
  tasks,
  onClose,
  onApprove,
}: {
  tasks: Task[] | null;
  onClose(): void;
  onApprove(tasks: Task[]): Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const showProblem = useProblem();
  const n = tasks?.length ?? 0;
  return (
    <Modal
      open={Boolean(tasks)}
      width={720}
      title={n === 1 ? `审批发证：${tasks![0].workerName}` : `批量审批发证：共 ${n} 项`}
      onCancel={onClose}
      destroyOnHidden
      okText={n === 1 ? '确认发证' : `确认发证（${n} 项）`}
      okButtonProps={{ loading: busy }}
      onOk={async () => {
        setBusy(true);
        try {
          await onApprove(tasks!);
        } catch (err) {
          showProblem(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Typography.Paragraph type="secondary">
        请逐项核对照片、身份证号和成绩；确认后将为以下 {n} 人制发证书（每项单独审查，不符合条件的将逐项报告）。
      </Typography.Paragraph>
      <List
        size="small"
        style={{ maxHeight: 420, overflow: 'auto' }}
        dataSource={tasks ?? []}
        renderItem={(t) => (
          <List.Item>
            <Flex gap={12} align="center">
              <Image
                width={54}
                height={72}
                style={{ objectFit: 'cover', background: '#f5f5f5' }}
                src={`/api/workers/${t.workerId}/face/photo`}
                fallback="data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='54' height='72'><rect width='54' height='72' fill='%23f0f0f0'/><text x='27' y='40' font-size='10' text-anchor='middle' fill='%23999'>无照片</text></svg>"
                alt={`${t.workerName}的登记照片`}
              />
              <Space direction="vertical" size={0}>
                <Typography.Text strong>
                  {t.workerName} <Typography.Text type="secondary">{t.idNumberMasked}</Typography.Text>
                </Typography.Text>
                <span>
                  作业项目 {t.itemCode} · 合格日期 {t.receivedOn}
                  {t.exam && ` · 准考证号 ${t.exam.admissionNumber}`}
                </span>
                <span>
                  理论 / 实操：
                  <Scores task={t} />
                  {t.exam && (
                    <Typography.Text type="secondary">
                      {' '}
                      （合格线 {t.exam.theoryPassMark} / {t.exam.practicalPassMark}，{t.exam.siteName}）
                    </Typography.Text>
                  )}
                </span>
              </Space>
            </Flex>
          </List.Item>
        )}
      />
    </Modal>
  );
}
