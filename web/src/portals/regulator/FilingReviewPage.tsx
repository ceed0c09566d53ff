// 备案审核 (INS-1, INS-2): the city reviews (approve / return with a reason), the province records.
import { useState } from 'react';
import { App, Button, Card, Drawer, Flex, Input, Select, Space, Table, Tag } from 'antd';
import { post } from '../../api';
import { useSession } from '../../app/auth';
import ConditionTable from '../../shared/ConditionTable';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { STATUS_COLORS, type Filing } from '../institution/FilingPage';
import { fmtDateTime } from '../../shared/format';

const STATUSES = [
  { value: 'submitted', label: '待市级审核' },
  { value: 'reviewed', label: '待省级备案' },
  { value: 'returned', label: '已退回' },
  { value: 'filed', label: '已备案' },
];

export default function FilingReviewPage() {
  const { user } = useSession();
  const [status, setStatus] = useState<string | undefined>(
    user.role === 'province_regulator' ? 'reviewed' : 'submitted',
  );
  const { data, error, reload } = useApi<{ items: Filing[] }>(
    `/api/institutions/filings${status ? `?status=${status}` : ''}`,
  );
  const [open, setOpen] = useState<Filing | null>(null);
  const [reason, setReason] = useState('');
  const showProblem = useProblem();
  const { message } = App.useApp();

  async function act(path: string, body?: unknown) {
    try {
      await post(`/api/institutions/filings/${open!.id}/${path}`, body);
      message.success('已办理');
      setOpen(null);
      setReason('');
      reload();
    } catch (err) {
      showProblem(err);
    }
  }

  return (
    <Card
      title="培训机构备案审核"
      extra={
        <Select
          allowClear
          placeholder="全部状态"
          value={status}
          onChange={setStatus}
          options={STATUSES}
          style={{ width: 160 }}
        />
      }
    >
      <Flex vertical gap={16}>
        {error && <ProblemAlert error={error} />}
        <Table<Filing>
          rowKey="id"
          dataSource={data?.items}
          locale={{ emptyText: '没有待办的备案申请' }}
          columns={[
            { title: '机构', dataIndex: 'orgName' },
            { title: '所在地区', dataIndex: 'regionName' },
            {
              title: '培训范围',
              dataIndex: 'scope',
              render: (s: Filing['scope']) => s.map((i) => <Tag key={i.code}>{i.name}</Tag>),
            },
            { title: '提交时间', dataIndex: 'submittedAt', render: (v: string) => fmtDateTime(v) },
            {
              title: '状态',
              dataIndex: 'status',
              render: (_: string, f) => <Tag color={STATUS_COLORS[f.status]}>{f.statusLabel}</Tag>,
            },
            {
              title: '',
              key: 'open',
              render: (_: unknown, f) => (
                <Button size="small" onClick={() => setOpen(f)}>
                  查看
                </Button>
              ),
            },
          ]}
        />
      </Flex>
      <Drawer
        open={!!open}
        onClose={() => setOpen(null)}
        width={960}
        title={open && `${open.orgName} · ${open.statusLabel}`}
      >
        {open && (
          <Flex vertical gap={16}>
            <ConditionTable conditions={open.conditions} />
            {open.status === 'submitted' && user.role === 'city_regulator' && (
              <Space wrap>
                <Button type="primary" onClick={() => act('review', { decision: 'approve' })}>
                  审核通过
                </Button>
                <Input
                  placeholder="退回理由"
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  maxLength={500}
                  style={{ width: 360 }}
                />
                <Button danger onClick={() => act('review', { decision: 'return', reason })}>
                  退回
                </Button>
              </Space>
            )}
            {open.status === 'reviewed' && user.role === 'province_regulator' && (
              <Button type="primary" onClick={() => act('record')}>
                备案登记并公布
              </Button>
            )}
          </Flex>
        )}
      </Drawer>
    </Card>
  );
}
