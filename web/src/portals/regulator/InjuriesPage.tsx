// 工伤数据分析 (ANA-2): work-injury records imported from the work-injury registers and set against
// certification — rates per 1,000 certified workers with 95 % intervals by operation item, age band,
// employer, institution and dispatch company; the share injured without a valid certificate; the
// groups that stand out for targeted supervision. Every figure opens the records behind it.
import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
  DatePicker,
  Row,
  Col,
} from 'antd';
import ReactECharts from 'echarts-for-react';
import dayjs, { type Dayjs } from 'dayjs';
import { query } from '../../api';
import { useSession } from '../../app/auth';
import { ProblemAlert } from '../../shared/problem';
import RegionCascader from '../../shared/RegionCascader';
import { useApi } from '../../shared/useApi';
import BulkImport from '../../shared/BulkImport';

type Interval = { rate: number; low: number; high: number } | null;
interface Group {
  key: string;
  label: string;
  injuries: number;
  workers: number | null;
  uncertified: number;
  rate: number | null;
  low: number | null;
  high: number | null;
  uncertifiedShare: Interval;
  q: number | null;
  standout: boolean;
}
interface Dimension {
  dimension: string;
  label: string;
  groups: Group[];
}
interface Analysis {
  region: { code: string; name: string };
  period: { from: string; to: string };
  per: number;
  totals: {
    injuries: number;
    injuredWorkers: number;
    certifiedWorkers: number;
    rate: number | null;
    low: number | null;
    high: number | null;
    uncertified: number;
    uncertifiedShare: Interval;
  };
  dimensions: Dimension[];
  standouts: Array<Group & { dimension: string; dimensionLabel: string }>;
}
interface InjuryRecord {
  id: string;
  occurredOn: string;
  severityLabel: string;
  itemCode: string;
  itemName: string;
  description: string;
  idNumberMasked: string;
  age: number;
  registered: boolean;
  employerName: string | null;
  employerCreditCode: string;
  employmentKind: string | null;
  providerName: string | null;
  standing: string;
  standingLabel: string;
  institutionName: string | null;
}
interface Preview {
  total: number;
  ok: boolean;
  errorCount: number;
  errors: Array<{ row: number; field: string; message: string }>;
  linkedWorkers: number;
  withoutValidCertificate: number;
  rows: Array<{
    row: number;
    occurredOn: string;
    idNumberMasked: string;
    itemCode: string;
    itemName: string;
    severity: string;
    employerName: string | null;
    employerCreditCode: string;
    registered: boolean;
    employmentKind: string | null;
    providerName: string | null;
    standing: string;
    standingLabel: string;
    linkedClass: boolean;
  }>;
}
/** What a drawer lists: a group of a dimension, or a filter of the whole jurisdiction. */
interface Drill {
  title: string;
  dimension?: string;
  key?: string;
  standing?: string;
}

const KIND_LABELS: Record<string, string> = {
  own: '本单位职工',
  dispatched: '劳务派遣',
  outsourced: '外包',
  temporary: '临时',
};
const STANDING_COLORS: Record<string, string> = {
  valid: 'green',
  expired: 'orange',
  review_overdue: 'gold',
  revoked: 'red',
  none: 'red',
};
const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(2));
const ci = (g: { low: number | null; high: number | null }) =>
  g.low === null ? '—' : `${fmt(g.low)} – ${fmt(g.high)}`;

function RecordsDrawer({ drill, base, onClose }: { drill: Drill | null; base: string; onClose: () => void }) {
  const [page, setPage] = useState(1);
  const path = drill
    ? `/api/injuries/records${query({ ...Object.fromEntries(new URLSearchParams(base)), dimension: drill.dimension, key: drill.key, standing: drill.standing, page, pageSize: 20 })}`
    : null;
  const { data, error, loading } = useApi<{ total: number; items: InjuryRecord[] }>(path);
  return (
    <Drawer
      open={!!drill}
      width={1000}
      onClose={() => {
        setPage(1);
        onClose();
      }}
      title={drill ? `${drill.title}（${data?.total ?? '…'} 条工伤记录）` : ''}
    >
      {error && <ProblemAlert error={error} />}
      <Table<InjuryRecord>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items}
        pagination={{
          current: page,
          pageSize: 20,
          total: data?.total,
          onChange: setPage,
          showTotal: (t) => `共 ${t} 条`,
        }}
        expandable={{ expandedRowRender: (r) => r.description || '（未填写事故经过）' }}
        columns={[
          { title: '受伤日期', dataIndex: 'occurredOn', width: 100 },
          {
            title: '身份证号',
            dataIndex: 'idNumberMasked',
            render: (v: string, r) => (
              <Space size={4}>
                {v}
                {!r.registered && <Tag>平台未登记</Tag>}
              </Space>
            ),
          },
          { title: '年龄', dataIndex: 'age', width: 60 },
          { title: '作业项目', render: (_, r) => `${r.itemCode} ${r.itemName}` },
          { title: '伤害程度', dataIndex: 'severityLabel', width: 80 },
          {
            title: '当日证书',
            dataIndex: 'standingLabel',
            render: (v: string, r) => <Tag color={STANDING_COLORS[r.standing]}>{v}</Tag>,
          },
          {
            title: '用人单位',
            render: (_, r) =>
              r.employerName ?? <Typography.Text type="secondary">{r.employerCreditCode}</Typography.Text>,
          },
          {
            title: '用工形式',
            render: (_, r) =>
              r.employmentKind
                ? `${KIND_LABELS[r.employmentKind] ?? r.employmentKind}${r.providerName ? `（${r.providerName}）` : ''}`
                : '—',
          },
          { title: '培训机构', dataIndex: 'institutionName', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Drawer>
  );
}

function DimensionCard({ d, per, onDrill }: { d: Dimension; per: number; onDrill: (drill: Drill) => void }) {
  const top = d.groups.filter((g) => g.rate !== null).slice(0, 15);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {top.length > 0 && (
        <ReactECharts
          style={{ height: Math.max(200, top.length * 28 + 60) }}
          notMerge
          option={{
            tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
            grid: { left: 220, right: 60, top: 20, bottom: 30 },
            xAxis: { type: 'value', name: `每 ${per} 人` },
            yAxis: { type: 'category', data: top.map((g) => g.label), inverse: true },
            series: [
              {
                type: 'bar',
                name: '工伤率',
                data: top.map((g) => ({ value: g.rate, itemStyle: { color: g.standout ? '#cf1322' : '#1677ff' } })),
                label: { show: true, position: 'right', formatter: (p: { value: number }) => p.value.toFixed(1) },
              },
              {
                type: 'custom',
                name: '95% 置信区间',
                renderItem: (
                  _: unknown,
                  api: { value: (i: number) => number; coord: (v: [number, number]) => [number, number] },
                ) => {
                  const [x1, y] = api.coord([api.value(1), api.value(0)]);
                  const [x2] = api.coord([api.value(2), api.value(0)]);
                  return {
                    type: 'group',
                    children: [
                      { type: 'line', shape: { x1, y1: y, x2, y2: y }, style: { stroke: '#333', lineWidth: 1.5 } },
                      { type: 'line', shape: { x1, y1: y - 5, x2: x1, y2: y + 5 }, style: { stroke: '#333' } },
                      { type: 'line', shape: { x1: x2, y1: y - 5, x2, y2: y + 5 }, style: { stroke: '#333' } },
                    ],
                  };
                },
                data: top.map((g, i) => [i, g.low, g.high]),
                z: 10,
              },
            ],
          }}
        />
      )}
      <Table<Group>
        rowKey="key"
        size="small"
        dataSource={d.groups}
        pagination={{ pageSize: 10 }}
        columns={[
          {
            title: d.label,
            dataIndex: 'label',
            render: (v: string, g) => (
              <Space>
                {v}
                {g.standout && <Tag color="red">重点监管</Tag>}
              </Space>
            ),
          },
          {
            title: '工伤（条）',
            dataIndex: 'injuries',
            render: (v: number, g) => (
              <Typography.Link
                onClick={() => onDrill({ title: `${d.label}：${g.label}`, dimension: d.dimension, key: g.key })}
              >
                {v}
              </Typography.Link>
            ),
          },
          {
            title: d.dimension === 'employer' || d.dimension === 'provider' ? '在册人员' : '持证人员',
            dataIndex: 'workers',
            render: (v: number | null) => v ?? <Typography.Text type="secondary">未知</Typography.Text>,
          },
          {
            title: `工伤率（每 ${per} 人）`,
            dataIndex: 'rate',
            render: fmt,
            sorter: (a, b) => (a.rate ?? -1) - (b.rate ?? -1),
          },
          { title: '95% 置信区间', render: (_, g) => ci(g) },
          {
            title: '无有效证书',
            render: (_, g) => (g.uncertified ? `${g.uncertified}（${fmt(g.uncertifiedShare?.rate)}%）` : 0),
          },
          {
            title: 'q 值',
            dataIndex: 'q',
            render: (q: number | null) => (q === null ? '—' : q < 0.001 ? '<0.001' : q.toFixed(3)),
          },
        ]}
      />
    </Space>
  );
}

function AnalysisTab() {
  const { user } = useSession();
  const home = user.jurisdiction?.regionCode ?? '';
  // ANA-2 as ANA-1: until the user picks a period none is sent; the server takes this year to its own
  // China date, so a computer whose clock is not on China time does not end the period on the wrong day.
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [area, setArea] = useState<string[]>([]);
  const region = area.at(-1);
  const base = new URLSearchParams({
    ...(range ? { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') } : {}),
    ...(region ? { region } : {}),
  }).toString();
  const { data, error, loading } = useApi<Analysis>(`/api/injuries/analysis?${base}`);
  const shown: [Dayjs, Dayjs] | null = range ?? (data ? [dayjs(data.period.from), dayjs(data.period.to)] : null);
  const [drill, setDrill] = useState<Drill | null>(null);
  const t = data?.totals;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <DatePicker.RangePicker
          value={shown}
          allowClear={false}
          aria-label="统计期间"
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        />
        {home && !home.endsWith('00') ? null : (
          <RegionCascader
            root={home}
            changeOnSelect
            value={area}
            onChange={setArea}
            placeholder="本辖区（可选下级地区）"
            style={{ width: 240 }}
          />
        )}
        <Button href={`/api/injuries/analysis.xlsx?${base}`}>导出 xlsx</Button>
      </Space>
      {error && <ProblemAlert error={error} />}
      <Alert
        type="info"
        showIcon
        title="工伤率 = 期间内工伤记录数 ÷ 持证人员数（期间内持有效证书的人员；用人单位和劳务派遣单位为其台账在册人员），每 1000 人；95% 置信区间按泊松精确法。重点监管对象：工伤率显著高于本辖区总体（单侧精确检验，Benjamini–Hochberg 校正 q < 0.05），且工伤不少于 3 条、人员不少于 10 人。点击数字查看背后的工伤记录。"
      />
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card size="small" hoverable onClick={() => setDrill({ title: '全部工伤记录' })}>
            <Statistic loading={loading} title="工伤记录（条）" value={t?.injuries ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic loading={loading} title="持证人员（人）" value={t?.certifiedWorkers ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              loading={loading}
              title={`工伤率（每 ${data?.per ?? 1000} 名持证人员）`}
              value={fmt(t?.rate)}
              suffix={
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t ? ci(t) : ''}
                </Typography.Text>
              }
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" hoverable onClick={() => setDrill({ title: '受伤时无有效证书', standing: 'not_valid' })}>
            <Statistic
              loading={loading}
              title="受伤时无有效证书"
              value={t?.uncertified ?? 0}
              suffix={
                t?.uncertifiedShare ? (
                  <Typography.Text
                    type="secondary"
                    style={{ fontSize: 12 }}
                  >{`${fmt(t.uncertifiedShare.rate)}%（${fmt(t.uncertifiedShare.low)}–${fmt(t.uncertifiedShare.high)}%）`}</Typography.Text>
                ) : null
              }
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={`重点监管对象（${data?.standouts.length ?? 0}）`}>
        {data && data.standouts.length === 0 ? (
          <Empty description="本期间没有工伤率显著偏高的分组" />
        ) : (
          <Table
            rowKey={(g) => `${g.dimension}-${g.key}`}
            size="small"
            pagination={false}
            dataSource={data?.standouts}
            columns={[
              { title: '维度', dataIndex: 'dimensionLabel', width: 140 },
              { title: '分组', dataIndex: 'label' },
              {
                title: '工伤（条）',
                dataIndex: 'injuries',
                render: (v: number, g) => (
                  <Typography.Link
                    onClick={() =>
                      setDrill({ title: `${g.dimensionLabel}：${g.label}`, dimension: g.dimension, key: g.key })
                    }
                  >
                    {v}
                  </Typography.Link>
                ),
              },
              { title: '人员', dataIndex: 'workers' },
              { title: '工伤率', dataIndex: 'rate', render: fmt },
              { title: '95% 置信区间', render: (_, g) => ci(g) },
              {
                title: '倍数（相对辖区）',
                render: (_, g) => (g.rate && t?.rate ? `${(g.rate / t.rate).toFixed(1)} 倍` : '—'),
              },
            ]}
          />
        )}
      </Card>
      <Card size="small" loading={loading && !data}>
        <Tabs
          items={(data?.dimensions ?? []).map((d) => ({
            key: d.dimension,
            label: `${d.label}（${d.groups.length}）`,
            children: <DimensionCard d={d} per={data!.per} onDrill={setDrill} />,
          }))}
        />
      </Card>
      <RecordsDrawer drill={drill} base={base} onClose={() => setDrill(null)} />
    </Space>
  );
}

type PreviewRow = Preview['rows'][number];

function ImportTab() {
  return (
    <Flex vertical gap={16}>
      <Alert
        type="info"
        showIcon
        title="按模板填写工伤认定或工伤保险数据（身份证号、受伤日期、用人单位统一社会信用代码、作业项目、伤害程度、事故经过），上传 .xlsx 或 UTF-8 编码的 .csv（一次最多 20,000 行）。平台在后台逐行检查，并显示每条记录关联到的人员、用人单位、劳务派遣单位、受伤当日的证书状态和培训机构；任何一行有误，整个文件都不导入。"
        action={<Button href="/api/injuries/template.xlsx">下载模板</Button>}
      />
      <BulkImport<PreviewRow>
        prefix="/api/injuries/imports"
        labels={{
          imported: '导入的工伤记录',
          linkedWorkers: '已在平台登记的人员',
          linkedEmployments: '关联到当日台账',
          linkedClasses: '关联到培训班',
          'standing.valid': '受伤时证书有效',
          'standing.expired': '受伤时证书过期',
          'standing.review_overdue': '受伤时逾期未复审',
          'standing.revoked': '受伤时证书已撤销',
          'standing.none': '受伤时无证',
        }}
        committedExtra={<Typography.Text type="secondary">在“交叉分析”中查看工伤率和重点监管对象。</Typography.Text>}
        rowKey="row"
        rowColumns={[
          { title: '行号', dataIndex: 'row', width: 60 },
          { title: '受伤日期', dataIndex: 'occurredOn' },
          {
            title: '身份证号',
            dataIndex: 'idNumberMasked',
            render: (v: string, r) => (
              <Space size={4}>
                {v}
                {!r.registered && <Tag>平台未登记</Tag>}
              </Space>
            ),
          },
          { title: '作业项目', render: (_, r) => `${r.itemCode} ${r.itemName}` },
          { title: '伤害程度', dataIndex: 'severity' },
          {
            title: '用人单位',
            render: (_, r) =>
              r.employerName ?? (
                <Typography.Text type="secondary">{r.employerCreditCode}（平台未登记）</Typography.Text>
              ),
          },
          {
            title: '用工形式',
            render: (_, r) =>
              r.employmentKind
                ? `${KIND_LABELS[r.employmentKind] ?? r.employmentKind}${r.providerName ? `（${r.providerName}）` : ''}`
                : '—',
          },
          {
            title: '当日证书',
            render: (_, r) => <Tag color={STANDING_COLORS[r.standing]}>{r.standingLabel}</Tag>,
          },
          { title: '培训记录', dataIndex: 'linkedClass', render: (v: boolean) => (v ? '已关联' : '—') },
        ]}
      />
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'why',
            label: '数据来源',
            children:
              '参照马鞍山市应急管理局联合市人社局对近三年 6000 余条工伤数据与 92018 人次特种作业人员取证数据的筛查分析（专项整治通报）。',
          },
        ]}
      />
    </Flex>
  );
}

export default function InjuriesPage() {
  return (
    <Card title="工伤数据分析">
      <Tabs
        items={[
          { key: 'analysis', label: '交叉分析', children: <AnalysisTab /> },
          { key: 'import', label: '数据导入', children: <ImportTab /> },
        ]}
      />
    </Card>
  );
}
