// 发证任务 (CER-1): passes waiting for issuance with their promised deadline on the authority's
// working-day calendar. The authority approves or returns; superior regulators follow overdue tasks.
import { useState } from 'react';
import { App, Button, Card, Flex, Form, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
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
}

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
  const path = `/api/certificates/tasks${query({ status: filter === 'overdue' || filter === 'all' ? undefined : filter, overdue: filter === 'overdue' ? 'true' : undefined, page, pageSize: 20 })}`;
  const { data, error, loading, reload } = useApi<Page<Task>>(path);
  const [returning, setReturning] = useState<Task | null>(null);
  const { message } = App.useApp();
  const showProblem = useProblem();

  const act = async (task: Task, action: 'approve' | 'reopen') => {
    try {
      await post(`/api/certificates/tasks/${task.id}/${action}`);
      message.success(action === 'approve' ? `已为 ${task.workerName} 发证` : '已重新受理');
      reload();
    } catch (err) {
      showProblem(err);
    }
  };

  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      <Card
        title={canDecide ? '发证任务（考试合格后在承诺期限内完成制证审批）' : '辖区发证任务（逾期未发证的督办）'}
        extra={
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
        }
      >
        <Table<Task>
          rowKey="id"
          loading={loading}
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
                          <Button type="primary" size="small" onClick={() => act(t, 'approve')}>
                            审批发证
                          </Button>
                        )}
                        {t.status === 'pending' && (
                          <Button size="small" onClick={() => setReturning(t)}>
                            退回
                          </Button>
                        )}
                        {t.status === 'returned' && (
                          <Button size="small" onClick={() => act(t, 'reopen')}>
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
