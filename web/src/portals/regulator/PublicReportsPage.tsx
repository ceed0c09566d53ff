// 举报处理 (SUP-6): the public's reports about the regulator's jurisdiction — accept or reject,
// transfer to the regulator of the place, investigate, close with a finding the reporter reads,
// record a reward. Who reported is shown (masked, revealable and audited) to the handler only.
import { useState } from 'react';
import {
  App,
  Badge,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { post, query } from '../../api';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/useApi';
import { SourceCase, useSourceCases } from './NewCaseModal';

type Action = 'accept' | 'reject' | 'transfer' | 'investigate' | 'close' | 'reward';
type Reporter =
  | { anonymous: true }
  | { anonymous: false; hidden: true }
  | { anonymous: false; nameMasked: string | null; phoneMasked: string | null };

interface Report {
  id: string;
  trackingCode: string;
  regionName: string;
  category: string;
  categoryLabel: string;
  subjectName: string;
  content: string;
  status: string;
  statusLabel: string;
  findingLabel: string | null;
  publicResult: string | null;
  rewardYuan: number | null;
  handlingOrgName: string | null;
  handledByMe: boolean;
  reporter: Reporter;
  receivedAt: string;
  attachments?: number;
}

interface Detail extends Omit<Report, 'attachments'> {
  attachments: Array<{ id: string; fileName: string; mimeType: string; size: number }>;
  steps: Array<{
    step: string;
    label: string;
    note: string | null;
    publicNote: string | null;
    orgName: string | null;
    at: string;
  }>;
  actions: Action[];
}

const STATUS_COLORS: Record<string, string> = {
  received: 'orange',
  accepted: 'blue',
  investigating: 'geekblue',
  closed: 'green',
  rejected: 'default',
};
const STATUS_TABS = [
  { key: '', label: '全部' },
  { key: 'received', label: '待受理' },
  { key: 'accepted', label: '已受理' },
  { key: 'investigating', label: '调查中' },
  { key: 'closed', label: '已办结' },
  { key: 'rejected', label: '不予受理' },
];
const ACTIONS: Record<Action, { label: string; primary?: boolean; danger?: boolean }> = {
  accept: { label: '受理', primary: true },
  investigate: { label: '开始调查核实', primary: true },
  close: { label: '办结', primary: true },
  reward: { label: '登记奖励' },
  transfer: { label: '转办' },
  reject: { label: '不予受理', danger: true },
};
const FINDINGS = [
  { value: 'substantiated', label: '举报属实' },
  { value: 'partly', label: '部分属实' },
  { value: 'unsubstantiated', label: '举报不属实' },
];

function ReporterCell({ reporter }: { reporter: Reporter }) {
  if (reporter.anonymous) return <Typography.Text type="secondary">匿名</Typography.Text>;
  if ('hidden' in reporter) return <Typography.Text type="secondary">实名（仅承办单位可见）</Typography.Text>;
  return <>{[reporter.nameMasked, reporter.phoneMasked].filter(Boolean).join(' ')}</>;
}

function ActionModal({
  report,
  action,
  onDone,
  onCancel,
}: {
  report: Detail;
  action: Action;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [form] = Form.useForm();
  const targets = useApi<{ items: Array<{ id: string; name: string }> }>(
    action === 'transfer' ? `/api/public-reports/${report.id}/transfer-targets` : null,
  );
  const { busy, submit } = useSubmit(
    (v: Record<string, unknown>) => post(`/api/public-reports/${report.id}/${action}`, v),
    { form, onDone },
  );
  return (
    <Modal
      open
      title={`${ACTIONS[action].label}：${report.trackingCode}`}
      okText="确定"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        {action === 'transfer' && (
          <Form.Item name="toOrgId" label="转给" rules={[{ required: true, message: '请选择监管部门' }]}>
            <Select
              loading={targets.loading}
              options={targets.data?.items.map((t) => ({ value: t.id, label: t.name }))}
              notFoundContent="辖区内没有管辖该地的其他监管部门"
            />
          </Form.Item>
        )}
        {action === 'close' && (
          <Form.Item name="finding" label="核查结论" rules={[{ required: true, message: '请选择核查结论' }]}>
            <Select options={FINDINGS} />
          </Form.Item>
        )}
        {action === 'reward' && (
          <Form.Item name="rewardYuan" label="奖励金额（元）" rules={[{ required: true, message: '请填写奖励金额' }]}>
            <InputNumber min={1} max={10_000_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        )}
        {(action === 'reject' || action === 'close') && (
          <Form.Item
            name="publicNote"
            label={action === 'reject' ? '不予受理的理由（举报人可见）' : '处理结果（举报人可见）'}
            rules={[{ required: true, message: '请填写答复举报人的内容' }, { max: 2000 }]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        <Form.Item name="note" label="内部办理意见（举报人不可见）" rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReportDrawer({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: () => void }) {
  const { data, error, reload } = useApi<Detail>(`/api/public-reports/${id}`);
  const [action, setAction] = useState<Action | null>(null);
  const [revealed, setRevealed] = useState<{ name: string | null; phone: string | null } | null>(null);
  const showProblem = useProblem();
  const { message } = App.useApp();
  const cases = useSourceCases('report', id);
  return (
    <Drawer open width={640} title={data ? `举报 ${data.trackingCode}` : '举报'} onClose={onClose}>
      {error && <ProblemAlert error={error} />}
      {data && (
        <Flex vertical gap={16}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_COLORS[data.status]}>{data.statusLabel}</Tag>
              {data.findingLabel && <Tag>{data.findingLabel}</Tag>}
              {data.rewardYuan !== null && <Tag color="gold">奖励 {data.rewardYuan} 元</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="类别">{data.categoryLabel}</Descriptions.Item>
            <Descriptions.Item label="事发地点">{data.regionName}</Descriptions.Item>
            <Descriptions.Item label="被举报对象">{data.subjectName}</Descriptions.Item>
            <Descriptions.Item label="举报内容">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{data.content}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label="承办单位">{data.handlingOrgName}</Descriptions.Item>
            <Descriptions.Item label="举报人">
              <Space>
                {revealed ? (
                  [revealed.name, revealed.phone].filter(Boolean).join(' ')
                ) : (
                  <ReporterCell reporter={data.reporter} />
                )}
                {data.handledByMe && !data.reporter.anonymous && !revealed && (
                  <Button
                    size="small"
                    onClick={() =>
                      post<{ name: string | null; phone: string | null }>(
                        `/api/public-reports/${id}/reveal-reporter`,
                      ).then(setRevealed, showProblem)
                    }
                  >
                    查看完整信息
                  </Button>
                )}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label="附件">
              {data.attachments.length === 0 ? (
                '无'
              ) : (
                <Space direction="vertical">
                  {data.attachments.map((a) => (
                    <a
                      key={a.id}
                      href={`/api/public-reports/${id}/attachments/${a.id}`}
                      target="_blank"
                      rel="noreferrer"
                    >
                      {a.fileName}（{Math.ceil(a.size / 1024)} KB）
                    </a>
                  ))}
                </Space>
              )}
            </Descriptions.Item>
            {data.publicResult && <Descriptions.Item label="处理结果">{data.publicResult}</Descriptions.Item>}
            {(data.handledByMe || cases.bySource.get(id)) && (
              <Descriptions.Item label="立案">
                <SourceCase
                  existing={cases.bySource.get(id)}
                  onOpened={cases.reload}
                  preset={{
                    source: 'report',
                    sourceId: id,
                    sourceLabel: `群众举报 ${data.trackingCode}：${data.categoryLabel}——${data.subjectName}`,
                    facts: `群众举报（${data.categoryLabel}）：${data.subjectName}。${data.content}`,
                  }}
                />
              </Descriptions.Item>
            )}
          </Descriptions>
          {data.actions.length > 0 && (
            <Space wrap>
              {data.actions.map((a) => (
                <Button
                  key={a}
                  type={ACTIONS[a].primary ? 'primary' : 'default'}
                  danger={ACTIONS[a].danger}
                  onClick={() => setAction(a)}
                >
                  {ACTIONS[a].label}
                </Button>
              ))}
            </Space>
          )}
          <Card size="small" title="办理记录">
            <Timeline
              items={data.steps.map((s) => ({
                content: (
                  <>
                    <b>{s.label}</b>{' '}
                    <Typography.Text type="secondary">
                      {fmtDateTime(s.at)} {s.orgName}
                    </Typography.Text>
                    {s.publicNote && <div>答复举报人：{s.publicNote}</div>}
                    {s.note && (
                      <div>
                        <Typography.Text type="secondary">内部意见：</Typography.Text>
                        {s.note}
                      </div>
                    )}
                  </>
                ),
              }))}
            />
          </Card>
        </Flex>
      )}
      {data && action && (
        <ActionModal
          report={data}
          action={action}
          onCancel={() => setAction(null)}
          onDone={() => {
            setAction(null);
            message.success('已办理');
            reload();
            onChanged();
          }}
        />
      )}
    </Drawer>
  );
}

export default function PublicReportsPage() {
  const [status, setStatus] = useState('');
  const [mine, setMine] = useState(false);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const { data, error, loading, reload } = useApi<{ items: Report[]; total: number; byStatus: Record<string, number> }>(
    `/api/public-reports${query({ status: status || undefined, mine: mine ? 'true' : undefined, q: q || undefined, page, pageSize: 20 })}`,
  );
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      <Tabs
        activeKey={status}
        onChange={(k) => {
          setStatus(k);
          setPage(1);
        }}
        items={STATUS_TABS.map((t) => ({
          key: t.key,
          label: (
            <>
              {t.label}{' '}
              {t.key && data?.byStatus[t.key] ? (
                <Badge count={data.byStatus[t.key]} color={STATUS_COLORS[t.key]} />
              ) : null}
            </>
          ),
        }))}
      />
      <Space>
        <Input.Search
          placeholder="查询码 / 被举报对象 / 内容"
          allowClear
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 300 }}
        />
        <Select
          value={mine ? 'mine' : 'all'}
          onChange={(v) => {
            setMine(v === 'mine');
            setPage(1);
          }}
          options={[
            { value: 'all', label: '辖区全部' },
            { value: 'mine', label: '本单位承办' },
          ]}
          style={{ width: 140 }}
        />
      </Space>
      <Table<Report>
        rowKey="id"
        loading={loading}
        dataSource={data?.items}
        pagination={{
          current: page,
          total: data?.total,
          pageSize: 20,
          onChange: setPage,
          showTotal: (t) => `共 ${t} 件`,
        }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '收到时间', dataIndex: 'receivedAt', render: fmtDateTime, width: 150 },
          { title: '查询码', dataIndex: 'trackingCode', width: 160 },
          { title: '类别', dataIndex: 'categoryLabel', ellipsis: true },
          { title: '被举报对象', dataIndex: 'subjectName', ellipsis: true },
          { title: '事发地点', dataIndex: 'regionName', ellipsis: true },
          { title: '承办单位', dataIndex: 'handlingOrgName', ellipsis: true },
          { title: '举报人', dataIndex: 'reporter', render: (r: Reporter) => <ReporterCell reporter={r} /> },
          { title: '附件', dataIndex: 'attachments', width: 60 },
          {
            title: '状态',
            dataIndex: 'statusLabel',
            width: 100,
            render: (label: string, r) => <Tag color={STATUS_COLORS[r.status]}>{label}</Tag>,
          },
        ]}
      />
      {open && <ReportDrawer id={open} onClose={() => setOpen(null)} onChanged={reload} />}
    </Flex>
  );
}
