// 考试诚信 (INT-1..INT-5): the ranked flags with their evidence timeline and a person's decision, the
// sites' pass rates as a funnel plot with site scores, on-demand scans and suspension proposals.
import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Segmented,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import ReactECharts from 'echarts-for-react';
import { post } from '../../api';
import { useSession } from '../../app/auth';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert, RuleTag } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { useSubmit } from '../../shared/useSubmit';

interface Flag {
  id: string;
  rank: number;
  kind: string;
  kindLabel: string;
  rule: string;
  ruleLabel: string;
  subject: 'attempt' | 'site';
  siteId: string;
  siteName: string;
  itemCode: string | null;
  paperId: string | null;
  partnerPaperId: string | null;
  method: string;
  version: string;
  statistic: string;
  value: number;
  threshold: number;
  pValue: number | null;
  score: number;
  status: 'open' | 'dismissed' | 'confirmed';
  decisionReason: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  scoreCancelled: boolean;
  centreExplanation: string | null;
  centreExplainedAt: string | null;
  centreExplainedByName: string | null;
  createdAt: string;
  detail: Record<string, unknown>;
}
interface EvidenceSide {
  paperId: string;
  source: string;
  answers: Array<{ position: number; selected: number[]; correct: boolean; seconds: number | null }>;
  timeline: Array<{
    s: number;
    kind: string;
    position: number | null;
    selected: number[] | null;
    deviceId: string | null;
    ip: string | null;
  }> | null;
}
interface FlagDetail extends Flag {
  evidence: { candidate?: EvidenceSide | null; partner?: EvidenceSide | null };
}
interface SiteRow {
  siteId: string;
  siteName: string;
  n: number;
  passes: number;
  observedRate: number;
  expectedRate: number;
  z: number;
  qValue: number;
  flagged: boolean;
  siteScore: number;
  borderline: number;
  siteScoreQ: number;
  siteScoreFlagged: boolean;
}
interface Overview {
  scan: { id: string; finishedAt: string; attempts: number; events: number; durationMs: number } | null;
  sites: SiteRow[];
  funnel: {
    overallRate: number;
    limits: Array<{ n: number; lo95: number; hi95: number; lo998: number; hi998: number }>;
  } | null;
}
interface Proposal {
  id: string;
  siteName: string;
  months: number;
  reason: string;
  status: string;
  proposedByName: string;
  createdAt: string;
}

const STATUS: Record<string, { label: string; color: string }> = {
  open: { label: '待处理', color: 'orange' },
  dismissed: { label: '已排除', color: 'default' },
  confirmed: { label: '已确认', color: 'red' },
};
const EVENT_LABELS: Record<string, string> = {
  question_shown: '显示试题',
  option_selected: '选择',
  option_changed: '改选',
  focus_lost: '离开考试窗口',
  focus_regained: '回到考试窗口',
  final_submit: '交卷',
};
const fmtP = (p: number | null) => (p === null ? '确定性发现' : p < 1e-4 ? p.toExponential(1) : p.toFixed(4));
const letters = (s: number[] | null) => (s ?? []).map((k) => String.fromCharCode(65 + k)).join('') || '—';

function Timeline({ side, title }: { side: EvidenceSide | null | undefined; title: string }) {
  if (!side) return null;
  return (
    <Card
      size="small"
      title={`${title}（${side.source === 'vendor' ? '外部导入：只有选项、对错与用时' : '本平台作答'}）`}
    >
      {side.timeline ? (
        <Table
          size="small"
          rowKey={(_, i) => String(i)}
          pagination={{ pageSize: 12, size: 'small' }}
          dataSource={side.timeline}
          columns={[
            { title: '秒', dataIndex: 's', width: 70 },
            { title: '事件', dataIndex: 'kind', render: (k: string) => EVENT_LABELS[k] ?? k },
            { title: '题号', dataIndex: 'position', render: (p: number | null) => (p === null ? '' : p + 1) },
            { title: '所选（显示位置）', dataIndex: 'selected', render: letters },
            { title: '考试机', dataIndex: 'deviceId', render: (d: string | null) => d ?? '—' },
          ]}
        />
      ) : (
        <Table
          size="small"
          rowKey="position"
          pagination={{ pageSize: 12, size: 'small' }}
          dataSource={side.answers}
          columns={[
            { title: '题号', dataIndex: 'position', render: (p: number) => p + 1 },
            { title: '所选', dataIndex: 'selected', render: letters },
            { title: '对错', dataIndex: 'correct', render: (c: boolean) => (c ? '对' : '错') },
            { title: '用时（秒）', dataIndex: 'seconds' },
          ]}
        />
      )}
    </Card>
  );
}

function FlagDrawer({ id, onClose, onDecided }: { id: string | null; onClose: () => void; onDecided: () => void }) {
  const { data, error, reload } = useApi<FlagDetail>(id ? `/api/integrity/flags/${id}` : null);
  const [form] = Form.useForm();
  const { message } = App.useApp();
  // An action's problem shows as a notification (the shared submit hook, without a form).
  const { submit: run } = useSubmit((f: () => Promise<void>) => f());
  const decision = Form.useWatch('decision', form);
  // EXM-2: the exam centre answers its flags with an explanation; the regulator of the area decides.
  const isCentre = useSession().user.org?.kind === 'exam_centre';
  const [explanation, setExplanation] = useState('');
  const explain = () =>
    run(async () => {
      await post(`/api/integrity/flags/${id}/explanation`, { explanation });
      message.success('情况说明已提交，监管部门处理时可见');
      setExplanation('');
      reload();
    });
  const submit = (v: {
    decision: 'dismiss' | 'confirm';
    reason: string;
    cancelScore?: boolean;
    proposeSuspension?: boolean;
    months?: number;
  }) =>
    run(async () => {
      await post(`/api/integrity/flags/${id}/decision`, v);
      message.success(v.decision === 'confirm' ? '已确认' : '已排除');
      reload();
      onDecided();
    });
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      width={920}
      title={data ? `${data.kindLabel}：${data.siteName}` : '疑点'}
      extra={
        id && (
          <Button href={`/api/integrity/flags/${id}/report.pdf`} target="_blank">
            证据报告 PDF
          </Button>
        )
      }
    >
      {error && <ProblemAlert error={error} />}
      {data && (
        <Flex vertical gap={12}>
          <Descriptions
            size="small"
            bordered
            column={2}
            items={[
              {
                label: '类别',
                children: (
                  <Space>
                    <RuleTag rule={data.rule} />
                    {data.ruleLabel}
                  </Space>
                ),
              },
              { label: '状态', children: <Tag color={STATUS[data.status].color}>{STATUS[data.status].label}</Tag> },
              { label: '统计量', children: data.statistic, span: 2 },
              { label: '值', children: Number(data.value).toFixed(3) },
              { label: '阈值', children: data.threshold },
              { label: 'p 值 / q 值', children: fmtP(data.pValue) },
              { label: '方法与版本', children: `${data.method} v${data.version}` },
              {
                label: '明细',
                children: (
                  <Typography.Text code style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>
                    {JSON.stringify(data.detail, null, 0).slice(0, 600)}
                  </Typography.Text>
                ),
                span: 2,
              },
              {
                label: '考试机构说明',
                children: data.centreExplanation
                  ? `${data.centreExplanation}（${data.centreExplainedByName ?? ''}，${fmtDateTime(data.centreExplainedAt)}）`
                  : '未提交',
                span: 2,
              },
              ...(data.decisionReason
                ? [
                    {
                      label: '处理',
                      children: `${data.decisionReason}（${data.decidedByName ?? ''}，${fmtDateTime(data.decidedAt)}）${data.scoreCancelled ? '，成绩已取消' : ''}`,
                      span: 2,
                    },
                  ]
                : []),
            ]}
          />
          <Timeline side={data.evidence?.candidate} title="考生作答时间线" />
          <Timeline side={data.evidence?.partner} title="对照考生作答时间线" />
          {data.status === 'open' && isCentre && (
            <Card size="small" title="提交情况说明（疑点由考试点所在地监管部门处理，考试机构不能自行排除）">
              <Flex vertical gap={8}>
                <Input.TextArea
                  rows={3}
                  maxLength={1000}
                  value={explanation}
                  onChange={(e) => setExplanation(e.target.value)}
                  placeholder="写明事实与依据，如：已调阅考场录像，该考生独立作答……"
                />
                <Button
                  type="primary"
                  disabled={explanation.trim().length < 4}
                  onClick={explain}
                  style={{ width: 120 }}
                >
                  {data.centreExplanation ? '更新说明' : '提交说明'}
                </Button>
              </Flex>
            </Card>
          )}
          {data.status === 'open' && !isCentre && (
            <Card size="small" title="处理（统计结论只是线索，须人工核实后决定）">
              <Form
                form={form}
                layout="vertical"
                onFinish={submit}
                initialValues={{ decision: 'confirm', proposeSuspension: true, months: 1 }}
              >
                <Form.Item name="decision" label="处理意见">
                  <Radio.Group
                    options={[
                      { value: 'confirm', label: '确认' },
                      { value: 'dismiss', label: '排除' },
                    ]}
                  />
                </Form.Item>
                <Form.Item
                  name="reason"
                  label="理由"
                  rules={[{ required: true, min: 4, message: '请写明理由（至少 4 个字）' }]}
                >
                  <Input.TextArea rows={2} maxLength={500} placeholder="如：调取考场录像核实……" />
                </Form.Item>
                {decision === 'confirm' && (
                  <Space wrap>
                    {data.subject === 'attempt' && (
                      <Form.Item name="cancelScore" valuePropName="checked">
                        <Checkbox>取消该考生成绩（记入个人档案）</Checkbox>
                      </Form.Item>
                    )}
                    <Form.Item name="proposeSuspension" valuePropName="checked">
                      <Checkbox>建议监管部门暂停该考点</Checkbox>
                    </Form.Item>
                    <Form.Item name="months" label="暂停（月，至少 1 个月）">
                      <InputNumber min={1} max={60} />
                    </Form.Item>
                  </Space>
                )}
                <Button type="primary" htmlType="submit">
                  提交处理意见
                </Button>
              </Form>
            </Card>
          )}
        </Flex>
      )}
    </Drawer>
  );
}

interface EvidenceLine {
  kind: string;
  label: string;
  method: string;
  statistic: string;
  value: number;
  pValue: number | null;
  log10P: number | null;
  flagged: boolean;
}

interface ScoreItem {
  rank: number;
  level: 'attempt' | 'session' | 'site';
  subjectId: string;
  paperId: string | null;
  siteName: string;
  itemCode: string | null;
  sessionDate: string | null;
  attempts: number;
  grade: 'high' | 'medium' | 'low';
  gradeLabel: string;
  sentence: string;
  statistics: { method: string; pValue: number; log10P: number; qValue: number; fdr: number; evidence: EvidenceLine[] };
}

const GRADE_COLOR: Record<string, string> = { high: 'red', medium: 'orange', low: 'default' };

/** Issue 20 / issue 19 item 7: everyone's calibrated score, ranked; a level and a sentence first, the statistics on demand. */
function ScoresTab() {
  const [level, setLevel] = useState<string>('attempt');
  const [grade, setGrade] = useState<string>('all');
  const [page, setPage] = useState(1);
  const { data, error, loading } = useApi<{ items: ScoreItem[]; total: number; method: string }>(
    `/api/integrity/scores?level=${level}&page=${page}&pageSize=20${grade === 'all' ? '' : `&grade=${grade}`}`,
  );
  return (
    <Flex vertical gap={12}>
      {error && <ProblemAlert error={error} />}
      <Flex gap={12} wrap align="center">
        <Segmented
          value={level}
          onChange={(v) => {
            setLevel(String(v));
            setPage(1);
          }}
          options={[
            { value: 'attempt', label: '考生' },
            { value: 'session', label: '场次' },
            { value: 'site', label: '考点' },
          ]}
        />
        <Segmented
          value={grade}
          onChange={(v) => {
            setGrade(String(v));
            setPage(1);
          }}
          options={[
            { value: 'all', label: '全部' },
            { value: 'high', label: '高' },
            { value: 'medium', label: '中' },
            { value: 'low', label: '低' },
          ]}
        />
        <Button href="/api/integrity/scores.xlsx">导出 xlsx</Button>
      </Flex>
      <Typography.Text type="secondary">
        每名考生、每个场次、每个考点都有一个综合评分，按异常程度从高到低排列；“高”表示建议优先核查。点击行前的“+”查看依据的各项检测与统计量。
      </Typography.Text>
      <Table<ScoreItem>
        rowKey="subjectId"
        size="small"
        loading={loading}
        dataSource={data?.items}
        pagination={{
          current: page,
          total: data?.total,
          pageSize: 20,
          onChange: setPage,
          showTotal: (t) => `共 ${t} 项`,
        }}
        expandable={{
          expandedRowRender: (r) => (
            <Flex vertical gap={4}>
              <Typography.Text type="secondary">
                {r.statistics.method}：综合 p = {fmtP(r.statistics.pValue)}（−log10 p = {r.statistics.log10P.toFixed(1)}
                ），BH q = {fmtP(r.statistics.qValue)}（错误发现率 {r.statistics.fdr * 100}%）
              </Typography.Text>
              <Table<EvidenceLine>
                rowKey={(e) => `${e.kind}-${e.method}-${e.value}`}
                size="small"
                pagination={false}
                dataSource={r.statistics.evidence}
                columns={[
                  { title: '检测', dataIndex: 'label' },
                  { title: '方法', dataIndex: 'method' },
                  { title: '统计量', dataIndex: 'statistic' },
                  { title: '值', dataIndex: 'value', render: (v: number) => Number(v).toFixed(2) },
                  { title: 'p', dataIndex: 'pValue', render: (p: number | null) => (p === null ? '—' : fmtP(p)) },
                ]}
              />
            </Flex>
          ),
        }}
        columns={[
          { title: '排名', dataIndex: 'rank', width: 60 },
          {
            title: '程度',
            dataIndex: 'grade',
            width: 70,
            render: (g: string, r) => <Tag color={GRADE_COLOR[g]}>{r.gradeLabel}</Tag>,
          },
          { title: '说明', dataIndex: 'sentence' },
          { title: '考点', dataIndex: 'siteName' },
          { title: '项目', dataIndex: 'itemCode', render: (c: string | null) => c ?? '—' },
          { title: '考试日期', dataIndex: 'sessionDate', render: (d: string | null) => d ?? '—' },
          ...(level === 'attempt' ? [] : [{ title: '人数', dataIndex: 'attempts' }]),
        ]}
      />
    </Flex>
  );
}

interface CompromisedGroup {
  siteId: string;
  siteName: string;
  itemCode: string;
  found: number;
  items: Array<{
    questionId: string;
    vendor: string | null;
    vendorItemId: string | null;
    responses: number;
    correctRate: number | null;
    expectedRate: number | null;
    meanSpeedZ: number | null;
    pValue: number;
  }>;
}

/** Issue 20: per site and form, the items the site seems to have known in advance, by the vendor's own item ids. */
function CompromisedTab() {
  const { data, error, loading } = useApi<{ items: CompromisedGroup[] }>('/api/integrity/compromised-items');
  if (error) return <ProblemAlert error={error} />;
  if (!loading && !data?.items.length) return <Empty description="最近的扫描未发现疑似提前泄露的试题" />;
  return (
    <Flex vertical gap={12}>
      {data?.items.map((g) => (
        <Card
          key={`${g.siteId}-${g.itemCode}`}
          size="small"
          title={`${g.siteName} · 作业项目 ${g.itemCode} · ${g.found} 题`}
        >
          <Typography.Paragraph type="secondary">
            该考点考生在这些题上答对率明显高于其能力应有水平、作答明显更快，疑似考前已知晓题目；其他考点的考生也已按这些题重新评分。
          </Typography.Paragraph>
          <Table
            rowKey="questionId"
            size="small"
            pagination={false}
            dataSource={g.items}
            columns={[
              { title: '题号', render: (_: unknown, r) => r.vendorItemId ?? r.questionId.slice(0, 8) },
              { title: '考试系统', dataIndex: 'vendor', render: (v: string | null) => v ?? '本平台题库' },
              { title: '作答人次', dataIndex: 'responses' },
              {
                title: '答对率（应有）',
                render: (_: unknown, r) =>
                  r.correctRate === null
                    ? '—'
                    : `${Math.round(r.correctRate * 100)}%（${Math.round((r.expectedRate ?? 0) * 100)}%）`,
              },
              {
                title: '作答速度',
                dataIndex: 'meanSpeedZ',
                render: (z: number | null) => (z === null ? '无时间' : z > 1 ? '明显偏快' : z > 0.3 ? '偏快' : '正常'),
              },
            ]}
          />
        </Card>
      ))}
    </Flex>
  );
}

function FlagsTab() {
  const [status, setStatus] = useState<string>('open');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const { data, error, loading, reload } = useApi<{ items: Flag[]; total: number }>(
    `/api/integrity/flags?page=${page}&pageSize=20${status === 'all' ? '' : `&status=${status}`}`,
  );
  return (
    <Flex vertical gap={12}>
      {error && <ProblemAlert error={error} />}
      <Segmented
        value={status}
        onChange={(v) => {
          setStatus(String(v));
          setPage(1);
        }}
        options={[
          { value: 'open', label: '待处理' },
          { value: 'confirmed', label: '已确认' },
          { value: 'dismissed', label: '已排除' },
          { value: 'all', label: '全部' },
        ]}
      />
      <Table<Flag>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          total: data?.total,
          pageSize: 20,
          onChange: setPage,
          showTotal: (t) => `共 ${t} 项`,
        }}
        columns={[
          { title: '排序', dataIndex: 'rank', width: 60 },
          { title: '类别', dataIndex: 'rule', width: 80, render: (r: string) => <RuleTag rule={r} /> },
          { title: '疑点', dataIndex: 'kindLabel' },
          { title: '考点', dataIndex: 'siteName' },
          { title: '项目', dataIndex: 'itemCode', render: (c: string | null) => c ?? '—' },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: string) => <Tag color={STATUS[s].color}>{STATUS[s].label}</Tag>,
          },
          { title: '发现时间', dataIndex: 'createdAt', render: fmtDateTime },
        ]}
      />
      <FlagDrawer id={open} onClose={() => setOpen(null)} onDecided={reload} />
    </Flex>
  );
}

function funnelOption(o: Overview) {
  const f = o.funnel!;
  const line = (key: 'lo95' | 'hi95' | 'lo998' | 'hi998', name: string, dashed: boolean) => ({
    name,
    type: 'line',
    showSymbol: false,
    data: f.limits.map((l) => [l.n, l[key] * 100]),
    lineStyle: { type: dashed ? 'dashed' : 'solid', width: 1 },
    color: dashed ? '#faad14' : '#f5222d',
  });
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: [number, number, string] }) =>
        p.data[2] ? `${p.data[2]}<br/>参考 ${p.data[0]} 人次，合格率 ${p.data[1].toFixed(1)}%` : '',
    },
    legend: { top: 0 },
    xAxis: { name: '参考人次', type: 'value' },
    yAxis: { name: '合格率（%）', type: 'value', min: 0, max: 100 },
    series: [
      {
        name: '考点',
        type: 'scatter',
        symbolSize: 10,
        data: o.sites.map((s) => ({
          value: [s.n, s.observedRate * 100, s.siteName],
          itemStyle: { color: s.flagged ? '#f5222d' : '#1677ff' },
        })),
      },
      {
        name: '总体合格率',
        type: 'line',
        showSymbol: false,
        data: f.limits.map((l) => [l.n, f.overallRate * 100]),
        color: '#8c8c8c',
      },
      line('hi95', '95% 控制限', true),
      line('lo95', '95% 控制限', true),
      line('hi998', '99.8% 控制限', false),
      line('lo998', '99.8% 控制限', false),
    ],
  };
}

function SitesTab() {
  const { data, error, loading, reload } = useApi<Overview>('/api/integrity/sites');
  const { message } = App.useApp();
  // An action's problem shows as a notification (the shared submit hook, without a form).
  const { submit: run } = useSubmit((f: () => Promise<void>) => f());
  const [range, setRange] = useState<[string, string] | null>(null);
  const scan = () =>
    run(async () => {
      await post('/api/integrity/scans', { from: range?.[0], to: range?.[1] });
      message.success('已发起扫描，后台完成后刷新本页即可看到结果');
      reload();
    });
  return (
    <Flex vertical gap={12}>
      {error && <ProblemAlert error={error} />}
      <Space wrap>
        <DatePicker.RangePicker onChange={(_, s) => setRange(s[0] && s[1] ? [s[0], s[1]] : null)} />
        <Button type="primary" disabled={!range} onClick={scan}>
          按日期范围扫描
        </Button>
        {data?.scan && (
          <Typography.Text type="secondary">
            最近一次扫描：{fmtDateTime(data.scan.finishedAt)}，{data.scan.attempts} 份作答、{data.scan.events}{' '}
            条作答事件，用时 {(data.scan.durationMs / 1000).toFixed(1)} 秒
          </Typography.Text>
        )}
      </Space>
      {data?.funnel && data.sites.length ? (
        <Card
          size="small"
          title="考点合格率漏斗图（INT-4：按培训与题目难度预测，Benjamini–Hochberg 多重比较校正；红点为异常）"
        >
          <ReactECharts option={funnelOption(data)} style={{ height: 380 }} notMerge />
        </Card>
      ) : (
        !loading && <Empty description="尚无扫描结果" />
      )}
      <Table<SiteRow>
        rowKey="siteId"
        size="small"
        loading={loading}
        dataSource={data?.sites}
        columns={[
          { title: '考点', dataIndex: 'siteName' },
          { title: '参考人次', dataIndex: 'n', sorter: (a, b) => a.n - b.n },
          { title: '合格率', dataIndex: 'observedRate', render: (r: number) => `${(r * 100).toFixed(1)}%` },
          { title: '预测合格率', dataIndex: 'expectedRate', render: (r: number) => `${(r * 100).toFixed(1)}%` },
          { title: 'z', dataIndex: 'z', render: (z: number) => z.toFixed(2) },
          {
            title: '合格率 q',
            dataIndex: 'qValue',
            render: (q: number, r) => <Tag color={r.flagged ? 'red' : 'default'}>{fmtP(q)}</Tag>,
          },
          { title: '边缘考生数', dataIndex: 'borderline' },
          {
            title: '考点评分',
            dataIndex: 'siteScore',
            defaultSortOrder: 'descend',
            sorter: (a, b) => a.siteScore - b.siteScore,
            render: (s: number, r) => <Tag color={r.siteScoreFlagged ? 'red' : 'default'}>{s.toFixed(1)}</Tag>,
          },
          {
            title: '',
            key: 'pdf',
            render: (_, r) => (
              <a href={`/api/integrity/sites/${r.siteId}/report.pdf`} target="_blank" rel="noreferrer">
                考点报告
              </a>
            ),
          },
        ]}
      />
    </Flex>
  );
}

function ProposalsTab() {
  const { data, error, loading } = useApi<{ items: Proposal[] }>('/api/integrity/proposals');
  return (
    <Flex vertical gap={12}>
      {error && <ProblemAlert error={error} />}
      <Typography.Text type="secondary">
        依据种子文件 000 第 9
        条：考点出现计算机“自动答题”、答案不一致、作答时间异常、合格率异常或与考试无关的设备等情形，暂停考点至少一个月并立案调查。
      </Typography.Text>
      <Table<Proposal>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items}
        columns={[
          { title: '考点', dataIndex: 'siteName' },
          { title: '建议暂停', dataIndex: 'months', render: (m: number) => `${m} 个月` },
          { title: '事由', dataIndex: 'reason' },
          { title: '提出人', dataIndex: 'proposedByName' },
          { title: '时间', dataIndex: 'createdAt', render: fmtDateTime },
          { title: '状态', dataIndex: 'status', render: () => <Tag color="volcano">待监管部门处理</Tag> },
        ]}
      />
    </Flex>
  );
}

export default function IntegrityPage() {
  return (
    <Tabs
      items={[
        { key: 'flags', label: '诚信疑点', children: <FlagsTab /> },
        { key: 'scores', label: '综合评分', children: <ScoresTab /> },
        { key: 'compromised', label: '疑似泄露试题', children: <CompromisedTab /> },
        { key: 'sites', label: '考点合格率与评分', children: <SitesTab /> },
        { key: 'proposals', label: '暂停考点建议', children: <ProposalsTab /> },
      ]}
    />
  );
}
