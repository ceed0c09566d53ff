// 自查自改 (SUP-5): the regulator asks its training institutions or exam bodies for a self-inspection
// report by a deadline, then chases who has not filed and whose measures are overdue.
import { useState } from 'react';
import {
  App,
  Button,
  DatePicker,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Progress,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { post } from '../../api';
import { fmtDate } from '../../shared/format';
import { ProblemAlert } from '../../shared/problem';
import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/useApi';

interface Counts {
  targets: number;
  filed: number;
  filedLate: number;
  notFiled: number;
  problems: number;
  measuresDone: number;
  measuresOverdue: number;
}
interface Campaign extends Counts {
  id: string;
  title: string;
  description: string;
  targetLabel: string;
  regionName: string;
  organiserName: string | null;
  dueOn: string;
  createdAt: string;
}
interface Measure {
  id: string;
  problem: string;
  measure: string;
  responsible: string;
  dueOn: string;
  completedOn: string | null;
  completionNote: string | null;
  standing: string;
  standingLabel: string;
}
interface RosterRow {
  orgId: string;
  orgName: string;
  regionName: string;
  standing: string;
  standingLabel: string;
  submittedOn: string | null;
  summary: string | null;
  items: Measure[];
  overdueMeasures: number;
}
interface Detail extends Omit<Campaign, keyof Counts> {
  counts: Counts;
  roster: RosterRow[];
}

export const STANDING_COLORS: Record<string, string> = {
  filed: 'green',
  filed_late: 'orange',
  due: 'blue',
  overdue: 'red',
  done: 'green',
  done_late: 'orange',
  open: 'blue',
};

export function MeasuresTable({ items, extra }: { items: Measure[]; extra?: (m: Measure) => React.ReactNode }) {
  return (
    <Table<Measure>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={items}
      columns={[
        { title: '问题', dataIndex: 'problem' },
        { title: '整改措施', dataIndex: 'measure' },
        { title: '责任人', dataIndex: 'responsible', width: 90 },
        { title: '整改时限', dataIndex: 'dueOn', width: 110 },
        {
          title: '进展',
          dataIndex: 'standingLabel',
          width: 110,
          render: (l: string, m) => (
            <Tag color={STANDING_COLORS[m.standing]}>
              {l}
              {m.completedOn ? ` ${m.completedOn}` : ''}
            </Tag>
          ),
        },
        ...(extra ? [{ title: '', key: 'extra', width: 110, render: (_: unknown, m: Measure) => extra(m) }] : []),
      ]}
    />
  );
}

function OpenCampaign({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const [form] = Form.useForm();
  const { busy, submit } = useSubmit(
    (v: { title: string; description?: string; targetKind: string; dueOn: dayjs.Dayjs }) =>
      post('/api/campaigns', {
        title: v.title,
        description: v.description ?? '',
        targetKind: v.targetKind,
        dueOn: v.dueOn.format('YYYY-MM-DD'),
      }),
    { form, onDone },
  );
  return (
    <Modal
      open
      title="部署自查自改"
      okText="部署"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onCancel}
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ targetKind: 'institution' }}>
        <Form.Item name="title" label="活动名称" rules={[{ required: true, message: '请填写活动名称' }, { max: 100 }]}>
          <Input placeholder="如：安全生产培训“走过场”专项整治自查自改" />
        </Form.Item>
        <Form.Item name="targetKind" label="自查对象" rules={[{ required: true }]}>
          <Select
            options={[
              { value: 'institution', label: '辖区全部培训机构' },
              { value: 'exam_centre', label: '辖区全部考试机构' },
            ]}
          />
        </Form.Item>
        <Form.Item name="dueOn" label="报送截止日期" rules={[{ required: true, message: '请选择截止日期' }]}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs().add(1, 'day'), 'day')} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="description" label="自查要求" rules={[{ max: 2000 }]}>
          <Input.TextArea
            rows={4}
            placeholder="对照《安全生产培训机构基本条件》逐项自查，列出问题清单，明确整改措施、时限和责任人"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CampaignDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { data, error } = useApi<Detail>(`/api/campaigns/${id}`);
  const [filter, setFilter] = useState<'all' | 'notFiled' | 'overdue'>('all');
  const rows = data?.roster.filter(
    (r) => filter === 'all' || (filter === 'notFiled' ? !r.submittedOn : r.overdueMeasures > 0),
  );
  return (
    <Drawer open width={960} title={data?.title ?? '自查自改'} onClose={onClose}>
      {error && <ProblemAlert error={error} />}
      {data && (
        <Flex vertical gap={16}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {data.organiserName} · {data.targetLabel} · 截止 {fmtDate(data.dueOn)}
            {data.description && ` · ${data.description}`}
          </Typography.Paragraph>
          <Space size={48}>
            <Statistic title="应报送" value={data.counts.targets} />
            <Statistic
              title="已报送"
              value={data.counts.filed}
              suffix={
                data.counts.filedLate ? (
                  <Typography.Text type="warning" style={{ fontSize: 14 }}>
                    （逾期 {data.counts.filedLate}）
                  </Typography.Text>
                ) : null
              }
            />
            <Statistic
              title="未报送"
              value={data.counts.notFiled}
              styles={{ content: { color: data.counts.notFiled ? '#cf1322' : undefined } }}
            />
            <Statistic title="问题 / 已整改" value={`${data.counts.problems} / ${data.counts.measuresDone}`} />
            <Statistic
              title="逾期未整改"
              value={data.counts.measuresOverdue}
              styles={{ content: { color: data.counts.measuresOverdue ? '#cf1322' : undefined } }}
            />
          </Space>
          <Select
            value={filter}
            onChange={setFilter}
            style={{ width: 200 }}
            options={[
              { value: 'all', label: '全部单位' },
              { value: 'notFiled', label: '未报送的单位' },
              { value: 'overdue', label: '有逾期未整改的单位' },
            ]}
          />
          <Table<RosterRow>
            rowKey="orgId"
            size="small"
            dataSource={rows}
            pagination={false}
            expandable={{
              rowExpandable: (r) => !!r.submittedOn,
              expandedRowRender: (r) => (
                <Flex vertical gap={8}>
                  <Typography.Text>自查综述：{r.summary}</Typography.Text>
                  {r.items.length ? (
                    <MeasuresTable items={r.items} />
                  ) : (
                    <Typography.Text type="secondary">未发现问题</Typography.Text>
                  )}
                </Flex>
              ),
            }}
            columns={[
              { title: '单位', dataIndex: 'orgName' },
              { title: '所在地', dataIndex: 'regionName' },
              {
                title: '报送',
                dataIndex: 'standingLabel',
                render: (l: string, r) => <Tag color={STANDING_COLORS[r.standing]}>{l}</Tag>,
              },
              { title: '报送日期', dataIndex: 'submittedOn', render: fmtDate },
              { title: '问题数', key: 'problems', render: (_, r) => (r.submittedOn ? r.items.length : '—') },
              {
                title: '逾期未整改',
                dataIndex: 'overdueMeasures',
                render: (n: number) => (n ? <Tag color="red">{n}</Tag> : '—'),
              },
            ]}
          />
        </Flex>
      )}
    </Drawer>
  );
}

export default function CampaignsPage() {
  const { data, error, loading, reload } = useApi<{ items: Campaign[] }>('/api/campaigns');
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const { message } = App.useApp();
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      <Space>
        <Button type="primary" onClick={() => setCreating(true)}>
          部署自查自改
        </Button>
      </Space>
      <Table<Campaign>
        rowKey="id"
        loading={loading}
        dataSource={data?.items}
        onRow={(c) => ({ onClick: () => setOpen(c.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '活动', dataIndex: 'title' },
          { title: '组织单位', dataIndex: 'organiserName' },
          { title: '对象', dataIndex: 'targetLabel', width: 90 },
          { title: '截止', dataIndex: 'dueOn', width: 110 },
          {
            title: '报送进度',
            key: 'progress',
            width: 200,
            render: (_, c) => (
              <Progress
                percent={c.targets ? Math.round((c.filed / c.targets) * 100) : 0}
                format={() => `${c.filed}/${c.targets}`}
                size="small"
              />
            ),
          },
          {
            title: '未报送',
            dataIndex: 'notFiled',
            width: 80,
            render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0),
          },
          { title: '问题', dataIndex: 'problems', width: 70 },
          {
            title: '逾期未整改',
            dataIndex: 'measuresOverdue',
            width: 100,
            render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0),
          },
        ]}
      />
      {creating && (
        <OpenCampaign
          onCancel={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            message.success('已部署，辖区单位登录后即可报送');
            reload();
          }}
        />
      )}
      {open && <CampaignDrawer id={open} onClose={() => setOpen(null)} />}
    </Flex>
  );
}
