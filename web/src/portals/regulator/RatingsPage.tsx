// 机构评级 (INS-5): each institution's annual A/B/C/D grade from the components seed 004 §5 names —
// self-assessment, third-party assessment, training quality, inspections, spot exams, trainee reviews —
// and its points assessment (seed 002 §1); every point and deduction shows the fact behind it; a
// component without facts is 未评估. 考试点 tab (EXM-11): the exam sites' grade. Publishing shows the
// grades on the public lists (SUP-7).
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { post, put } from '../../api';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { useSubmit } from '../../shared/useSubmit';

interface Fact {
  type: string;
  id: string | null;
  text: string;
  on: string | null;
}
interface Deduction {
  kind: string;
  label: string;
  points: number;
  fact: Fact;
}
interface Component {
  key: string;
  label: string;
  weight: number;
  score: number | null;
  basis: string;
  facts: Fact[];
}
interface Row {
  orgId: string;
  name: string;
  regionName: string;
  points: number;
  score: number;
  grade: string;
  exitProposed: boolean;
  deductionCount: number;
  notAssessed: string[];
  published: { rating: string; year: number } | null;
}
interface Table_ {
  year: number;
  pointsStart: number;
  exitLine: number;
  gradeLines: { A: number; B: number; C: number };
  components: Record<string, { weight: number; label: string }>;
  counts: Record<string, number>;
  items: Row[];
}
interface Detail {
  name: string;
  points: number;
  score: number;
  grade: string;
  exitProposed: boolean;
  pointsStart: number;
  exitLine: number;
  assessedWeight: number;
  notAssessed: string[];
  deductions: Deduction[];
  components: Component[];
  selfAssessment: {
    scores: Array<{ dimension: string; score: number; evidence: string }>;
    summary: string;
    updatedAt: string;
    ratedAt: string | null;
  } | null;
  thirdParty: {
    assessor: string;
    score: number | null;
    grade: string | null;
    reportRef: string;
    assessedOn: string;
  } | null;
}
interface SiteRow {
  siteId: string;
  name: string;
  regionName: string;
  points: number;
  grade: string;
  exitProposed: boolean;
  deductionCount: number;
  sessionsHeld: number;
  notAssessed: string[];
  published: { rating: string; year: number } | null;
}
interface SiteDetail {
  name: string;
  points: number;
  grade: string;
  exitProposed: boolean;
  pointsStart: number;
  exitLine: number;
  sessionsHeld: number;
  deductions: Deduction[];
  components: Component[];
}

const GRADE_COLORS: Record<string, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' };
const FACT_LABELS: Record<string, string> = {
  finding: '检查问题',
  training_class: '培训班',
  sanction: '处罚决定',
  exam_results: '考试成绩',
  spot_exam: '执法抽考',
  integrity_flag: '诚信疑点',
  class_review: '学员评议',
  self_assessment: '机构自评',
  third_party: '第三方评估',
  exam_session: '考试场次',
  integrity_scan: '诚信扫描',
  door_incident: '入场人证不符',
};
// Where a fact's record can be opened.
const FACT_PAGES: Record<string, string> = {
  finding: '/supervision/inspections',
  training_class: '/supervision/classes',
  sanction: '/supervision/cases',
  spot_exam: '/supervision/spot-exams',
  integrity_flag: '/integrity',
  integrity_scan: '/integrity',
  door_incident: '/exams/door-records',
};
const DIMENSIONS: Record<string, string> = {
  training_quality: '培训质量与合格率',
  management: '日常管理与合规',
  teachers_facilities: '师资与场地设施',
  trainee_service: '学员服务与学时真实',
};

function FactCell({ f }: { f: Fact }) {
  const page = FACT_PAGES[f.type];
  return (
    <Space size={4} wrap>
      <Tag>{FACT_LABELS[f.type] ?? f.type}</Tag>
      {page ? <Link to={page}>{f.text}</Link> : <span>{f.text}</span>}
      {f.id && (
        <Typography.Text type="secondary" copyable={{ text: f.id }} style={{ fontSize: 12 }}>
          #{f.id.slice(0, 8)}
        </Typography.Text>
      )}
    </Space>
  );
}

const ScoreTag = ({ score }: { score: number | null }) =>
  score === null ? <Tag>未评估</Tag> : <Typography.Text strong>{score}</Typography.Text>;

function ComponentsTable({ components, weighted }: { components: Component[]; weighted: boolean }) {
  return (
    <Table<Component>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={components}
      expandable={{
        rowExpandable: (c) => c.facts.length > 0,
        expandedRowRender: (c) => (
          <Flex vertical gap={4}>
            {c.facts.map((f, i) => (
              <FactCell key={`${f.id}-${i}`} f={f} />
            ))}
          </Flex>
        ),
      }}
      columns={[
        { title: '组成部分', dataIndex: 'label' },
        ...(weighted ? [{ title: '权重', dataIndex: 'weight', width: 70 }] : []),
        { title: '得分', dataIndex: 'score', width: 90, render: (s: number | null) => <ScoreTag score={s} /> },
        { title: '依据', dataIndex: 'basis' },
        { title: '记录', key: 'n', width: 70, render: (_: unknown, c: Component) => c.facts.length || '—' },
      ]}
    />
  );
}

function DeductionsTable({ deductions }: { deductions: Deduction[] }) {
  return (
    <Table<Deduction>
      rowKey={(d, i) => `${d.kind}-${d.fact.id ?? d.fact.text}-${i}`}
      size="small"
      pagination={false}
      dataSource={deductions}
      locale={{ emptyText: '无扣分' }}
      columns={[
        { title: '扣分事由', dataIndex: 'label' },
        { title: '扣分', dataIndex: 'points', width: 70, render: (n: number) => `−${n}` },
        { title: '依据的记录', key: 'fact', render: (_: unknown, d) => <FactCell f={d.fact} /> },
        { title: '日期', key: 'on', width: 110, render: (_: unknown, d) => d.fact.on ?? '—' },
      ]}
    />
  );
}

function ThirdPartyForm({
  year,
  orgId,
  current,
  onDone,
}: {
  year: number;
  orgId: string;
  current: Detail['thirdParty'];
  onDone: () => void;
}) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const { busy, submit } = useSubmit(
    (v: {
      assessor: string;
      score?: number | null;
      grade?: string | null;
      reportRef: string;
      assessedOn: dayjs.Dayjs;
    }) =>
      put(`/api/ratings/${year}/${orgId}/third-party`, {
        assessor: v.assessor,
        score: v.score ?? null,
        grade: v.grade ?? null,
        reportRef: v.reportRef,
        assessedOn: v.assessedOn.format('YYYY-MM-DD'),
      }).then(() => message.success('第三方评估结果已登记')),
    { form, onDone },
  );
  return (
    <Form
      form={form}
      layout="inline"
      onFinish={submit}
      initialValues={current ? { ...current, assessedOn: dayjs(current.assessedOn) } : undefined}
      style={{ rowGap: 8 }}
    >
      <Form.Item name="assessor" rules={[{ required: true, message: '请填写评估机构' }]}>
        <Input placeholder="评估机构" style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="score">
        <InputNumber min={0} max={100} precision={0} placeholder="得分" style={{ width: 90 }} />
      </Form.Item>
      <Form.Item name="grade">
        <Select
          allowClear
          placeholder="或等级"
          style={{ width: 90 }}
          options={['A', 'B', 'C', 'D'].map((g) => ({ value: g, label: `${g} 级` }))}
        />
      </Form.Item>
      <Form.Item name="reportRef" rules={[{ required: true, message: '请填写报告编号或附件' }]}>
        <Input placeholder="评估报告编号/附件" style={{ width: 180 }} />
      </Form.Item>
      <Form.Item name="assessedOn" rules={[{ required: true, message: '请选择评估日期' }]}>
        <DatePicker placeholder="评估日期" disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {current ? '更正' : '登记'}
      </Button>
    </Form>
  );
}

function DetailDrawer({ year, orgId, onClose }: { year: number; orgId: string; onClose: (changed: boolean) => void }) {
  const { data, error, reload } = useApi<Detail>(`/api/ratings/${year}/${orgId}`);
  const [changed, setChanged] = useState(false);
  return (
    <Drawer
      open
      width={960}
      title={data ? `${data.name} · ${year} 年度评级` : '年度评级'}
      onClose={() => onClose(changed)}
    >
      {error && <ProblemAlert error={error} />}
      {data && (
        <Flex vertical gap={16}>
          <Space size={48}>
            <Statistic title="综合得分" value={data.score} />
            <Statistic
              title="等级"
              value={data.grade}
              styles={{ content: { color: data.grade === 'D' ? '#cf1322' : undefined } }}
            />
            <Statistic title="量化考核积分" value={data.points} suffix={`/ ${data.pointsStart}`} />
            <Statistic title="已评估权重" value={data.assessedWeight} suffix="/ 100" />
          </Space>
          {data.exitProposed && (
            <Typography.Text type="danger">
              量化考核积分低于 {data.exitLine} 分或已被淘汰清退：评为 D 级，建议启动强制退出，取消其特种作业培训资格。
            </Typography.Text>
          )}
          {data.notAssessed.length > 0 && (
            <Typography.Text type="secondary">
              未评估（无记录，不计入、其余权重按比例折算）：{data.notAssessed.join('、')}
            </Typography.Text>
          )}
          <Card size="small" title="评级组成（综合评定，seed 004 §5）">
            <ComponentsTable components={data.components} weighted />
          </Card>
          <Card size="small" title="量化考核扣分明细（seed 002 §1）">
            <DeductionsTable deductions={data.deductions} />
          </Card>
          <Card size="small" title="第三方评估">
            {data.thirdParty && (
              <Typography.Paragraph>
                {data.thirdParty.assessor}：
                {data.thirdParty.score !== null ? `${data.thirdParty.score} 分` : `${data.thirdParty.grade} 级`}，报告{' '}
                {data.thirdParty.reportRef}，{data.thirdParty.assessedOn}
              </Typography.Paragraph>
            )}
            <ThirdPartyForm
              year={year}
              orgId={orgId}
              current={data.thirdParty}
              onDone={() => {
                setChanged(true);
                reload();
              }}
            />
          </Card>
          <Card
            size="small"
            title="机构自评"
            extra={
              data.selfAssessment ? (
                data.selfAssessment.ratedAt ? (
                  <Tag color="blue">已评定</Tag>
                ) : (
                  <Tag>机构可修改至评级公布</Tag>
                )
              ) : (
                <Tag>未提交</Tag>
              )
            }
          >
            {data.selfAssessment ? (
              <Descriptions
                size="small"
                column={1}
                bordered
                items={[
                  ...data.selfAssessment.scores.map((s) => ({
                    key: s.dimension,
                    label: DIMENSIONS[s.dimension] ?? s.dimension,
                    children: (
                      <>
                        {s.score} 分 · <Typography.Text type="secondary">{s.evidence}</Typography.Text>
                      </>
                    ),
                  })),
                  { key: 'summary', label: '自评说明', children: data.selfAssessment.summary || '—' },
                ]}
              />
            ) : (
              <Typography.Text type="secondary">机构尚未提交本年度自评。</Typography.Text>
            )}
          </Card>
        </Flex>
      )}
    </Drawer>
  );
}

function SiteDrawer({ year, siteId, onClose }: { year: number; siteId: string; onClose: () => void }) {
  const { data, error } = useApi<SiteDetail>(`/api/site-ratings/${year}/${siteId}`);
  return (
    <Drawer open width={880} title={data ? `${data.name} · ${year} 年度评级` : '考试点评级'} onClose={onClose}>
      {error && <ProblemAlert error={error} />}
      {data && (
        <Flex vertical gap={16}>
          <Space size={48}>
            <Statistic title="积分" value={data.points} suffix={`/ ${data.pointsStart}`} />
            <Statistic
              title="等级"
              value={data.grade}
              styles={{ content: { color: data.grade === 'D' ? '#cf1322' : undefined } }}
            />
            <Statistic title="本年度场次" value={data.sessionsHeld} />
          </Space>
          {data.exitProposed && (
            <Typography.Text type="danger">
              积分低于 {data.exitLine} 分、全年未组织考试或已被取消资格：评为 D 级，建议取消考试点。
            </Typography.Text>
          )}
          <Card size="small" title="评级组成">
            <ComponentsTable components={data.components} weighted={false} />
          </Card>
          <Card size="small" title="扣分明细">
            <DeductionsTable deductions={data.deductions} />
          </Card>
        </Flex>
      )}
    </Drawer>
  );
}

function GradeCounts({ counts, exitLabel }: { counts: Record<string, number>; exitLabel: string }) {
  return (
    <Space size={48}>
      {['A', 'B', 'C', 'D'].map((g) => (
        <Statistic key={g} title={`${g} 级`} value={counts[g]} />
      ))}
      <Statistic
        title={exitLabel}
        value={counts.exit}
        styles={{ content: { color: counts.exit ? '#cf1322' : undefined } }}
      />
    </Space>
  );
}

function InstitutionsTab({ year, version }: { year: number; version: number }) {
  const [open, setOpen] = useState<string | null>(null);
  const { data, error, loading, reload } = useApi<Table_>(`/api/ratings/${year}?v=${version}`);
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      {data && (
        <>
          <GradeCounts counts={data.counts} exitLabel="建议强制退出" />
          <Typography.Text type="secondary">
            综合得分 = 各组成部分得分按权重加权平均（
            {Object.values(data.components)
              .map((c) => `${c.label} ${c.weight}`)
              .join('，')}
            ）；无记录的部分为“未评估”，不计入，其余权重按比例折算。 A ≥ {data.gradeLines.A}，B ≥ {data.gradeLines.B}，C
            ≥ {data.gradeLines.C}，其余为 D；量化考核积分（满分 {data.pointsStart}）低于 {data.exitLine} 分评为 D
            并建议强制退出。
          </Typography.Text>
        </>
      )}
      <Table<Row>
        rowKey="orgId"
        loading={loading}
        dataSource={data?.items}
        onRow={(r) => ({ onClick: () => setOpen(r.orgId), style: { cursor: 'pointer' } })}
        columns={[
          { title: '培训机构', dataIndex: 'name' },
          { title: '地区', dataIndex: 'regionName', width: 180 },
          { title: '综合得分', dataIndex: 'score', width: 90 },
          {
            title: '等级',
            dataIndex: 'grade',
            width: 70,
            render: (g: string) => <Tag color={GRADE_COLORS[g]}>{g}</Tag>,
          },
          { title: '积分', dataIndex: 'points', width: 70 },
          {
            title: '未评估',
            dataIndex: 'notAssessed',
            render: (n: string[]) => (n.length ? n.map((x) => <Tag key={x}>{x}</Tag>) : '—'),
          },
          {
            title: '',
            key: 'exit',
            width: 120,
            render: (_: unknown, r) => (r.exitProposed ? <Tag color="red">建议强制退出</Tag> : null),
          },
          {
            title: '已公布',
            key: 'pub',
            width: 80,
            render: (_: unknown, r) => (r.published ? r.published.rating : '—'),
          },
        ]}
      />
      {open && (
        <DetailDrawer
          year={year}
          orgId={open}
          onClose={(changed) => {
            setOpen(null);
            if (changed) reload();
          }}
        />
      )}
    </Flex>
  );
}

function SitesTab({ year, version }: { year: number; version: number }) {
  const [open, setOpen] = useState<string | null>(null);
  const { data, error, loading } = useApi<{ counts: Record<string, number>; exitLine: number; items: SiteRow[] }>(
    `/api/site-ratings/${year}?v=${version}`,
  );
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      {data && <GradeCounts counts={data.counts} exitLabel="建议取消" />}
      <Typography.Text type="secondary">
        由考试点检查问题及整改、处罚、已核实的考试诚信疑点、合格率与预测的偏离（诚信扫描）和全年考试场次计算；尚无扫描测算的为“未评估”，不扣分。
      </Typography.Text>
      <Table<SiteRow>
        rowKey="siteId"
        loading={loading}
        dataSource={data?.items}
        onRow={(r) => ({ onClick: () => setOpen(r.siteId), style: { cursor: 'pointer' } })}
        columns={[
          { title: '考试点', dataIndex: 'name' },
          { title: '地区', dataIndex: 'regionName', width: 180 },
          { title: '积分', dataIndex: 'points', width: 70 },
          {
            title: '等级',
            dataIndex: 'grade',
            width: 70,
            render: (g: string) => <Tag color={GRADE_COLORS[g]}>{g}</Tag>,
          },
          { title: '场次', dataIndex: 'sessionsHeld', width: 70 },
          {
            title: '未评估',
            dataIndex: 'notAssessed',
            render: (n: string[]) => (n.length ? n.map((x) => <Tag key={x}>{x}</Tag>) : '—'),
          },
          {
            title: '',
            key: 'exit',
            width: 100,
            render: (_: unknown, r) => (r.exitProposed ? <Tag color="red">建议取消</Tag> : null),
          },
          {
            title: '已公布',
            key: 'pub',
            width: 80,
            render: (_: unknown, r) => (r.published ? r.published.rating : '—'),
          },
        ]}
      />
      {open && <SiteDrawer year={year} siteId={open} onClose={() => setOpen(null)} />}
    </Flex>
  );
}

export default function RatingsPage() {
  const { message } = App.useApp();
  const showProblem = useProblem();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [version, setVersion] = useState(0);
  const publish = async () => {
    try {
      await post(`/api/ratings/${year}/publish`);
      message.success('评级已公布，公开名单同步显示');
      setVersion((v) => v + 1);
    } catch (err) {
      showProblem(err);
    }
  };
  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          机构评级与积分考核
        </Typography.Title>
        <Select
          value={year}
          onChange={setYear}
          options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: `${y} 年` }))}
          style={{ width: 110 }}
        />
        <Button type="primary" onClick={publish}>
          公布评级
        </Button>
      </Flex>
      <Tabs
        items={[
          { key: 'institutions', label: '培训机构', children: <InstitutionsTab year={year} version={version} /> },
          { key: 'sites', label: '考试点', children: <SitesTab year={year} version={version} /> },
        ]}
      />
    </Flex>
  );
}
