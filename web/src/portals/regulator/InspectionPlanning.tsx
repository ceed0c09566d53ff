// The data-driven parts of the year's inspection plan (SUP-1, SUP-2): the first-class inspections
// institutions are owed, the year's full-inspection coverage, the risk-weighted random draw of
// employers (双随机) with its seed shown so anyone can re-run it, and 回头看 proposals.
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  InputNumber,
  Popconfirm,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import ResponsiveTable from '../../shared/ResponsiveTable';
import { useNavigate } from 'react-router-dom';
import { post } from '../../api';
import { fmtDate, fmtDateTime } from '../../shared/format';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { useSubmit } from '../../shared/useSubmit';

type Start = (targetKind: string, targetId: string, extra?: { planEntryId?: string; purpose?: string }) => void;

interface FirstClassTask {
  id: string;
  institutionId: string;
  institutionName: string;
  regionName: string;
  classId: string;
  className: string;
  itemCode: string;
  opensOn: string;
  dueOn: string;
  state: 'open' | 'overdue' | 'in_progress' | 'done';
  stateLabel: string;
  inspectionId: string | null;
}
const TASK_COLORS: Record<FirstClassTask['state'], string> = {
  open: 'blue',
  overdue: 'red',
  in_progress: 'orange',
  done: 'green',
};

export function FirstClassSection({ year, start }: { year: number; start: Start }) {
  const { data, error, loading } = useApi<{
    items: FirstClassTask[];
    counts: { total: number; open: number; overdue: number; done: number };
  }>(`/api/inspection-plans/${year}/first-class`);
  const navigate = useNavigate();
  return (
    <Flex vertical gap={12}>
      {error && <ProblemAlert error={error} />}
      <Typography.Text type="secondary">
        培训机构首次开班报备后，应在开班 30 日内（培训期间）开展 1 次执法检查（首期开班检查）。
      </Typography.Text>
      {data && (
        <Space size={48}>
          <Statistic title="首期开班检查" value={data.counts.total} />
          <Statistic title="待检查" value={data.counts.open} />
          <Statistic
            title="逾期未检查"
            value={data.counts.overdue}
            styles={{ content: { color: data.counts.overdue ? '#cf1322' : undefined } }}
          />
          <Statistic title="已检查" value={data.counts.done} />
        </Space>
      )}
      <ResponsiveTable<FirstClassTask>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: '本年度暂无首次开班的培训机构' }}
        columns={[
          { title: '培训机构', dataIndex: 'institutionName' },
          { title: '所在地', dataIndex: 'regionName' },
          {
            title: '首期培训班',
            key: 'class',
            render: (_, t) => (
              <Space direction="vertical" size={0}>
                <Typography.Text>{t.className}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  项目 {t.itemCode} · {fmtDate(t.opensOn)} 开班
                </Typography.Text>
              </Space>
            ),
          },
          { title: '检查期限', dataIndex: 'dueOn', width: 110, render: fmtDate },
          {
            title: '状态',
            dataIndex: 'state',
            width: 110,
            render: (s: FirstClassTask['state'], t) => <Tag color={TASK_COLORS[s]}>{t.stateLabel}</Tag>,
          },
          {
            title: '',
            key: 'go',
            width: 120,
            render: (_, t) =>
              t.inspectionId ? (
                <Button size="small" onClick={() => navigate(`/supervision/inspections/${t.inspectionId}`)}>
                  查看检查
                </Button>
              ) : (
                <Button
                  size="small"
                  type="primary"
                  onClick={() => start('institution', t.institutionId, { purpose: 'first_class' })}
                >
                  开始检查
                </Button>
              ),
          },
        ]}
      />
    </Flex>
  );
}

type CoverageState = 'done' | 'in_progress' | 'planned' | 'overdue' | 'unplanned' | 'missed';
interface CoverageRow {
  targetKind: string;
  targetKindLabel: string;
  targetId: string;
  targetName: string;
  regionName: string;
  plannedMonth: number | null;
  state: CoverageState;
  stateLabel: string;
  inspectionId: string | null;
  inspectedOn: string | null;
}
const COVERAGE_COLORS: Record<CoverageState, string> = {
  done: 'green',
  in_progress: 'orange',
  planned: 'blue',
  overdue: 'red',
  unplanned: 'gold',
  missed: 'red',
};

export function CoverageSection({ year, start }: { year: number; start: Start }) {
  const { data, error, loading } = useApi<{
    items: CoverageRow[];
    counts: Record<CoverageState | 'total', number>;
    labels: Record<CoverageState, string>;
  }>(`/api/inspection-plans/${year}/coverage`);
  const [filter, setFilter] = useState<'all' | 'owed' | 'done'>('owed');
  const navigate = useNavigate();
  const owed = (s: CoverageState) => s !== 'done';
  const rows = data?.items.filter((r) => filter === 'all' || (filter === 'done' ? !owed(r.state) : owed(r.state)));
  return (
    <Flex vertical gap={12}>
      {error && <ProblemAlert error={error} />}
      <Typography.Text type="secondary">
        每个培训机构、考试点每年至少开展 1
        次全方位检查；超过计划月份为逾期，年度结束仍未检查的标记为“未完成年度全面检查”。
      </Typography.Text>
      {data && (
        <Space size={48} wrap>
          <Statistic title="应全面检查" value={data.counts.total} />
          <Statistic
            title="已完成"
            value={data.counts.done}
            suffix={data.counts.total ? `/ ${data.counts.total}` : undefined}
          />
          <Statistic
            title="逾期未检查"
            value={data.counts.overdue}
            styles={{ content: { color: data.counts.overdue ? '#cf1322' : undefined } }}
          />
          <Statistic
            title="未列入计划"
            value={data.counts.unplanned}
            styles={{ content: { color: data.counts.unplanned ? '#d48806' : undefined } }}
          />
          {data.counts.missed > 0 && (
            <Statistic
              title="未完成年度全面检查"
              value={data.counts.missed}
              styles={{ content: { color: '#cf1322' } }}
            />
          )}
        </Space>
      )}
      <Segmented
        value={filter}
        onChange={(v) => setFilter(v as typeof filter)}
        options={[
          { value: 'owed', label: '尚未完成' },
          { value: 'done', label: '已完成' },
          { value: 'all', label: '全部' },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      <ResponsiveTable<CoverageRow>
        rowKey="targetId"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 15, hideOnSinglePage: true }}
        columns={[
          { title: '对象', dataIndex: 'targetName' },
          { title: '类别', dataIndex: 'targetKindLabel', width: 100 },
          { title: '所在地', dataIndex: 'regionName' },
          {
            title: '计划月份',
            dataIndex: 'plannedMonth',
            width: 100,
            render: (m: number | null) => (m ? `${m} 月` : '—'),
          },
          {
            title: '年度全面检查',
            dataIndex: 'state',
            width: 170,
            render: (s: CoverageState, r) => (
              <Tag color={COVERAGE_COLORS[s]}>
                {r.stateLabel}
                {r.inspectedOn ? ` ${r.inspectedOn}` : ''}
              </Tag>
            ),
          },
          {
            title: '',
            key: 'go',
            width: 120,
            render: (_, r) =>
              r.inspectionId ? (
                <Button size="small" onClick={() => navigate(`/supervision/inspections/${r.inspectionId}`)}>
                  查看检查
                </Button>
              ) : (
                r.state !== 'missed' && (
                  <Button size="small" onClick={() => start(r.targetKind, r.targetId)}>
                    立即检查
                  </Button>
                )
              ),
          },
        ]}
      />
    </Flex>
  );
}

interface Factor {
  factor: string;
  label: string;
  count: number;
  weight: number;
  points: number;
}
interface RiskRow {
  id: string;
  name: string;
  regionName: string;
  weight: number;
  share: number;
  factors: Factor[];
  drawn: boolean;
}
interface Draw {
  id: string;
  seed: number;
  count: number;
  drawnByName: string;
  drawnAt: string;
  candidates: number;
  totalWeight: number;
  reproduced: boolean;
  drawn: Array<{ id: string; name: string; regionName: string; weight: number; factors: Factor[] }>;
}

function FactorTags({ factors }: { factors: Factor[] }) {
  const present = factors.filter((f) => f.count > 0);
  if (!present.length) return <Typography.Text type="secondary">无风险记录（基础权重）</Typography.Text>;
  return (
    <Space size={4} wrap>
      {present.map((f) => (
        <Tag key={f.factor} color="volcano">
          {f.label} {f.count} × {f.weight}
        </Tag>
      ))}
    </Space>
  );
}

export function EmployerDrawSection({
  year,
  editable,
  onDrawn,
}: {
  year: number;
  editable: boolean;
  onDrawn: () => void;
}) {
  const { data, error, loading, reload } = useApi<{ items: RiskRow[]; draws: Draw[] }>(
    `/api/inspection-plans/${year}/employer-risk`,
  );
  const [form] = Form.useForm<{ count: number; seed?: number }>();
  const { message } = App.useApp();
  const { busy, submit } = useSubmit(
    async (v: { count: number; seed?: number | null }) => {
      const draw = await post<Draw>(`/api/inspection-plans/${year}/draws`, {
        count: v.count,
        ...(v.seed !== undefined && v.seed !== null ? { seed: v.seed } : {}),
      });
      message.success(`已抽取 ${draw.drawn.length} 家，随机种子 ${draw.seed}`);
    },
    {
      form,
      onDone: () => {
        form.resetFields(['seed']);
        reload();
        onDrawn();
      },
    },
  );
  const available = data?.items.filter((i) => !i.drawn).length ?? 0;
  const factorColumns = (data?.items[0]?.factors ?? []).map((f, k) => ({
    title: <Tooltip title={`每项 × ${f.weight}`}>{f.label.replace(/（.*）/, '')}</Tooltip>,
    key: f.factor,
    width: 110,
    align: 'center' as const,
    render: (_: unknown, r: RiskRow) =>
      r.factors[k].count ? (
        <Typography.Text strong>{r.factors[k].count}</Typography.Text>
      ) : (
        <Typography.Text type="secondary">0</Typography.Text>
      ),
  }));
  return (
    <Flex vertical gap={12}>
      {error && <ProblemAlert error={error} />}
      <Alert
        type="info"
        showIcon
        title="按风险加权的“双随机”抽查"
        description={
          <>
            每家单位的抽取权重 = 1（基础权重，无风险记录的单位同样可能被抽中）+ Σ 风险事实数 × 权重：
            {(data?.items[0]?.factors ?? []).map((f) => `${f.label} ×${f.weight}`).join('；')}
            。抽取使用记录在案的随机种子，任何人可用同一种子和候选名单复核抽取结果。
          </>
        }
      />
      {editable && (
        <Form form={form} layout="inline" onFinish={submit} initialValues={{ count: 3 }}>
          <Form.Item name="count" label="抽取数量" rules={[{ required: true, message: '请填写数量' }]}>
            <InputNumber min={1} max={Math.max(1, Math.min(100, available))} suffix="家" />
          </Form.Item>
          <Form.Item name="seed" label="随机种子" tooltip="留空则由系统生成；填写同一种子可复现抽取">
            <InputNumber min={0} max={4294967295} precision={0} placeholder="自动生成" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item>
            <Popconfirm
              title={`从 ${available} 家尚未抽取的单位中抽取？`}
              description="抽中的单位将列入本年度检查计划，抽取过程记入审计。"
              onConfirm={() => form.submit()}
              okText="抽取"
              cancelText="取消"
              disabled={!available}
            >
              <Button type="primary" loading={busy} disabled={!available}>
                随机抽取
              </Button>
            </Popconfirm>
          </Form.Item>
        </Form>
      )}
      {data?.draws.map((d) => (
        <Card
          key={d.id}
          size="small"
          title={`${fmtDateTime(d.drawnAt)} 抽取结果`}
          extra={d.reproduced ? <Tag color="green">按种子复核一致</Tag> : <Tag color="red">复核不一致</Tag>}
        >
          <Descriptions size="small" column={4} style={{ marginBottom: 8 }}>
            <Descriptions.Item label="随机种子">
              <Typography.Text code copyable>
                {d.seed}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="抽取人">{d.drawnByName}</Descriptions.Item>
            <Descriptions.Item label="候选单位">
              {d.candidates} 家（总权重 {d.totalWeight}）
            </Descriptions.Item>
            <Descriptions.Item label="抽取数量">{d.count} 家</Descriptions.Item>
          </Descriptions>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={d.drawn}
            columns={[
              { title: '序', key: 'n', width: 50, render: (_, __, i) => i + 1 },
              { title: '生产经营单位', dataIndex: 'name' },
              { title: '所在地', dataIndex: 'regionName' },
              { title: '风险权重', dataIndex: 'weight', width: 90 },
              { title: '风险事实', key: 'factors', render: (_, r) => <FactorTags factors={r.factors} /> },
            ]}
          />
        </Card>
      ))}
      <Typography.Title level={5} style={{ margin: 0 }}>
        辖区生产经营单位风险权重
      </Typography.Title>
      <ResponsiveTable<RiskRow>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: '辖区内暂无生产经营单位' }}
        columns={[
          { title: '生产经营单位', dataIndex: 'name' },
          { title: '所在地', dataIndex: 'regionName' },
          ...factorColumns,
          {
            title: '风险权重',
            dataIndex: 'weight',
            width: 90,
            render: (w: number) => <Typography.Text strong>{w}</Typography.Text>,
          },
          { title: '单次抽中概率', dataIndex: 'share', width: 110, render: (s: number) => `${(s * 100).toFixed(1)}%` },
          {
            title: '本年度',
            dataIndex: 'drawn',
            width: 90,
            render: (d: boolean) => (d ? <Tag color="purple">已抽中</Tag> : null),
          },
        ]}
      />
    </Flex>
  );
}

interface Proposal {
  targetKind: string;
  targetKindLabel: string;
  targetId: string;
  targetName: string;
  regionName: string;
  reasons: Array<{ kind: 'overdue' | 'repeated_item' | 'many'; text: string }>;
  findings: number;
  inPlan: boolean;
  planEntryId: string | null;
}
const REASON_COLORS = { overdue: 'red', repeated_item: 'volcano', many: 'orange' } as const;

export function ReinspectionSection({
  year,
  editable,
  start,
  onAdded,
}: {
  year: number;
  editable: boolean;
  start: Start;
  onAdded: () => void;
}) {
  const { data, error, loading, reload } = useApi<{ items: Proposal[]; counts: { proposed: number; planned: number } }>(
    `/api/inspection-plans/${year}/reinspections`,
  );
  const showProblem = useProblem();
  const { message } = App.useApp();
  const [selected, setSelected] = useState<string[]>([]);
  const add = (targetIds?: string[]) =>
    post(`/api/inspection-plans/${year}/reinspections`, targetIds ? { targetIds } : {}).then(() => {
      message.success('已列入检查计划（回头看）');
      setSelected([]);
      reload();
      onAdded();
    }, showProblem);
  return (
    <Flex vertical gap={12}>
      {error && <ProblemAlert error={error} />}
      <Typography.Text type="secondary">
        问题逾期未整改、同一检查项 12 个月内再次发现问题或 12
        个月内问题较多的单位，建议开展“回头看”，复查以往问题的整改情况。
      </Typography.Text>
      {editable && data && data.counts.proposed > 0 && (
        <Space>
          <Button type="primary" onClick={() => add()}>
            全部 {data.counts.proposed} 家列入计划
          </Button>
          <Button disabled={!selected.length} onClick={() => add(selected)}>
            所选 {selected.length || ''} 家列入计划
          </Button>
        </Space>
      )}
      <Table<Proposal>
        rowKey="targetId"
        size="small"
        loading={loading}
        dataSource={data?.items}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: '暂无需要回头看的单位' }}
        rowSelection={
          editable
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys as string[]),
                getCheckboxProps: (p) => ({ disabled: p.inPlan }),
              }
            : undefined
        }
        columns={[
          { title: '对象', dataIndex: 'targetName' },
          { title: '类别', dataIndex: 'targetKindLabel', width: 100 },
          { title: '所在地', dataIndex: 'regionName' },
          {
            title: '回头看理由',
            key: 'reasons',
            render: (_, p) => (
              <Space direction="vertical" size={2}>
                {p.reasons.map((r, i) => (
                  <Tag key={i} color={REASON_COLORS[r.kind]} style={{ whiteSpace: 'normal' }}>
                    {r.text}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: '问题数', dataIndex: 'findings', width: 80 },
          {
            title: '',
            key: 'go',
            width: 130,
            render: (_, p) =>
              p.inPlan ? (
                <Space direction="vertical" size={2}>
                  <Tag color="purple">已列入计划</Tag>
                  {p.planEntryId && (
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => start(p.targetKind, p.targetId, { planEntryId: p.planEntryId! })}
                    >
                      开始回头看
                    </Button>
                  )}
                </Space>
              ) : null,
          },
        ]}
      />
    </Flex>
  );
}
