// 统计分析: the jurisdiction's dashboard (ANA-3) with province → city → county drill-down, each chart
// beside its table and export, and each figure opening the records behind it; the campaign
// statistics in the national report's shape (ANA-1) with drill-down, .xlsx and PDF.
import { useState } from 'react';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  DatePicker,
  Drawer,
  Row,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import ReactECharts from 'echarts-for-react';
import dayjs, { type Dayjs } from 'dayjs';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface Metric {
  key: string;
  label: string;
  total: number;
  byChild: Record<string, number>;
}
interface PassRow {
  id: string;
  name: string;
  sat: number;
  passed: number;
  rate: number | null;
}
interface Dashboard {
  region: { code: string; name: string };
  today: string;
  source: 'summary' | 'live';
  refreshedAt: string | null;
  children: Array<{ code: string; name: string }>;
  metrics: Metric[];
  passBySite: PassRow[];
  passByInstitution: PassRow[];
  traffic: Array<{ day: string; reason: string; n: number }>;
}
interface DrillRow {
  id: string;
  number: string;
  name: string;
  item: string;
  date: string;
  region_code: string;
  region_name: string | null;
}
interface Figure {
  key: string;
  group: string;
  label: string;
  value: number | null;
  unit: string | null;
}
// ANA-1: a sum in 万元 always shows 2 decimals, a count a whole number.
const figureText = (f: Figure) => (f.value === null ? '' : f.unit ? f.value.toFixed(2) : String(f.value));
interface Campaign {
  region: { code: string; name: string };
  from: string;
  to: string;
  figures: Figure[];
}
interface FigureRecords {
  label: string;
  recorded: boolean;
  total: number;
  unit: string | null;
  sum: number | null;
  items: Array<{
    id: string;
    name: string;
    detail: string;
    date: string;
    region_code: string;
    region_name: string | null;
  }>;
}

/** Verification answers: found certificates by status, then the misses by reason (CER-5). */
const REASONS: Record<string, string> = {
  valid: '有效',
  expired: '已过期',
  review_overdue: '逾期未复审',
  revoked: '已撤销',
  no_such_number: '编号不存在',
  wrong_name: '姓名不符',
  bad_token: '二维码无效',
};

function MetricDrawer({ metric, region, onClose }: { metric: Metric | null; region: string; onClose: () => void }) {
  const { data, error, loading } = useApi<{ total: number; items: DrillRow[] }>(
    metric ? `/api/analytics/dashboard/${metric.key}?region=${region}&pageSize=200` : null,
  );
  return (
    <Drawer
      open={!!metric}
      onClose={onClose}
      width={820}
      title={metric ? `${metric.label}（${metric.total}）` : ''}
      extra={
        metric && (
          <Button href={`/api/analytics/dashboard/${metric.key}/records.xlsx?region=${region}`}>导出 xlsx</Button>
        )
      }
    >
      {error && <ProblemAlert error={error} />}
      <Table<DrillRow>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '编号', dataIndex: 'number' },
          { title: '名称/姓名', dataIndex: 'name' },
          { title: '事项', dataIndex: 'item' },
          { title: '日期', dataIndex: 'date' },
          { title: '地区', dataIndex: 'region_name' },
        ]}
      />
    </Drawer>
  );
}

function PassChart({ title, rows }: { title: string; rows: PassRow[] }) {
  const top = rows.slice(0, 15);
  return (
    <Card size="small" title={title}>
      <ReactECharts
        style={{ height: 280 }}
        notMerge
        option={{
          tooltip: { trigger: 'axis' },
          grid: { left: 160, right: 30, top: 10, bottom: 30 },
          xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
          yAxis: { type: 'category', data: top.map((r) => r.name), inverse: true },
          series: [
            {
              type: 'bar',
              name: '合格率',
              data: top.map((r) => r.rate ?? 0),
              label: { show: true, position: 'right', formatter: '{c}%' },
            },
          ],
        }}
      />
      <Table<PassRow>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 5 }}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '参考人次', dataIndex: 'sat' },
          { title: '合格人次', dataIndex: 'passed' },
          { title: '合格率', dataIndex: 'rate', render: (v: number | null) => (v === null ? '—' : `${v}%`) },
        ]}
      />
    </Card>
  );
}

function DashboardTab() {
  const [trail, setTrail] = useState<Array<{ code: string; name: string }>>([]);
  const region = trail.at(-1)?.code ?? '';
  const { data, error, loading } = useApi<Dashboard>(
    `/api/analytics/dashboard${trail.length ? `?region=${region}` : ''}`,
  );
  const [open, setOpen] = useState<Metric | null>(null);
  const code = data?.region.code ?? region;
  // The region a list or export is for: the one on screen (the regulator's own until drilled into).
  const days = [...new Set(data?.traffic.map((t) => t.day))];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {error && <ProblemAlert error={error} />}
      <Space>
        <Breadcrumb
          items={[
            { title: <Typography.Link onClick={() => setTrail([])}>本辖区</Typography.Link> },
            ...trail.map((t, i) => ({
              title: <Typography.Link onClick={() => setTrail(trail.slice(0, i + 1))}>{t.name}</Typography.Link>,
            })),
          ]}
        />
        <Typography.Text type="secondary">{data && `${data.region.name} · 截至 ${data.today}`}</Typography.Text>
        {data &&
          (data.source === 'summary' ? (
            <Tag color="blue">汇总数据（{dayjs(data.refreshedAt).format('HH:mm')} 更新，每 15 分钟刷新）</Tag>
          ) : (
            <Tag color="green">实时统计</Tag>
          ))}
        <Button href={`/api/analytics/dashboard.xlsx?region=${code}`}>导出看板 xlsx</Button>
      </Space>
      <Row gutter={[12, 12]}>
        {data?.metrics.map((m) => (
          <Col key={m.key} xs={12} md={8} xl={4}>
            <Card size="small" hoverable onClick={() => setOpen(m)} data-testid={`metric-${m.key}`}>
              <Statistic title={m.label} value={m.total} loading={loading} />
            </Card>
          </Col>
        ))}
      </Row>
      {data && data.children.length > 0 && (
        <Card size="small" title="下级地区分布（点击柱子或地区名下钻）">
          <ReactECharts
            style={{ height: 320 }}
            notMerge
            onEvents={{
              click: (e: { dataIndex: number }) => {
                const c = data.children[e.dataIndex];
                if (c) setTrail([...trail, c]);
              },
            }}
            option={{
              tooltip: { trigger: 'axis' },
              legend: { top: 0 },
              grid: { left: 50, right: 20, top: 40, bottom: 60 },
              xAxis: { type: 'category', data: data.children.map((c) => c.name), axisLabel: { rotate: 30 } },
              yAxis: { type: 'value' },
              series: data.metrics.map((m) => ({
                type: 'bar',
                name: m.label,
                stack: 'all',
                data: data.children.map((c) => m.byChild[c.code] ?? 0),
              })),
            }}
          />
          <Table
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={data.children.map((c) => ({
              ...c,
              ...Object.fromEntries(data.metrics.map((m) => [m.key, m.byChild[c.code] ?? 0])),
            }))}
            columns={[
              {
                title: '地区',
                dataIndex: 'name',
                render: (n: string, c: { code: string; name: string }) => (
                  <Typography.Link onClick={() => setTrail([...trail, { code: c.code, name: c.name }])}>
                    {n}
                  </Typography.Link>
                ),
              },
              ...data.metrics.map((m) => ({ title: m.label, dataIndex: m.key })),
            ]}
          />
        </Card>
      )}
      <Row gutter={12}>
        <Col xs={24} lg={12}>
          <PassChart title="考试点合格率（近一年）" rows={data?.passBySite ?? []} />
        </Col>
        <Col xs={24} lg={12}>
          <PassChart title="培训机构学员合格率（近一年）" rows={data?.passByInstitution ?? []} />
        </Col>
      </Row>
      <Card size="small" title="证书核验量（近 30 日，按结果；未命中即疑似假证线索）">
        <ReactECharts
          style={{ height: 260 }}
          notMerge
          option={{
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            xAxis: { type: 'category', data: days },
            yAxis: { type: 'value' },
            series: Object.keys(REASONS).map((r) => ({
              type: 'line',
              name: REASONS[r],
              data: days.map((d) => data?.traffic.find((t) => t.day === d && t.reason === r)?.n ?? 0),
            })),
          }}
        />
        <Table
          rowKey={(r) => `${r.day}-${r.reason}`}
          size="small"
          dataSource={data?.traffic}
          pagination={{ pageSize: 5 }}
          columns={[
            { title: '日期', dataIndex: 'day' },
            { title: '结果', dataIndex: 'reason', render: (r: string) => REASONS[r] ?? r },
            { title: '次数', dataIndex: 'n' },
          ]}
        />
      </Card>
      <MetricDrawer metric={open} region={code} onClose={() => setOpen(null)} />
    </Space>
  );
}

function CampaignTab() {
  // ANA-1: until the user picks a period none is sent; the server takes this year to its own China date,
  // so a computer whose clock is not on China time does not end the period on the wrong day.
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const q = range ? `from=${range[0].format('YYYY-MM-DD')}&to=${range[1].format('YYYY-MM-DD')}` : '';
  const { data, error, loading } = useApi<Campaign>(`/api/analytics/campaign?${q}`);
  const shown: [Dayjs, Dayjs] | null = range ?? (data ? [dayjs(data.from), dayjs(data.to)] : null);
  const [figure, setFigure] = useState<Figure | null>(null);
  const records = useApi<FigureRecords>(figure ? `/api/analytics/campaign/${figure.key}?${q}` : null);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {error && <ProblemAlert error={error} />}
      <Space wrap>
        <DatePicker.RangePicker
          value={shown}
          allowClear={false}
          aria-label="统计期间"
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        />
        <Button href={`/api/analytics/campaign.xlsx?${q}`}>导出 xlsx</Button>
        <Button href={`/api/analytics/campaign.pdf?${q}`}>导出 PDF 报告</Button>
      </Space>
      <Alert
        type="info"
        showIcon
        message="“未记录”表示平台尚无该类记录，不是零。罚款为合计金额（万元），其余为计数。点击数字查看背后的记录。"
      />
      <Table<Figure>
        rowKey="key"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={data?.figures}
        columns={[
          { title: '类别', dataIndex: 'group' },
          { title: '指标', dataIndex: 'label' },
          {
            title: '数值',
            dataIndex: 'value',
            render: (v: number | null, f) =>
              v === null ? (
                <Tag>未记录</Tag>
              ) : (
                <Typography.Link onClick={() => setFigure(f)}>{figureText(f)}</Typography.Link>
              ),
          },
        ]}
      />
      <Drawer
        open={!!figure}
        width={760}
        onClose={() => setFigure(null)}
        title={figure ? `${figure.group} · ${figure.label}` : ''}
      >
        {records.error && <ProblemAlert error={records.error} />}
        {records.data?.unit && records.data.sum !== null && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message={`合计 ${records.data.sum.toFixed(2)} ${records.data.unit}（${records.data.total} 笔）`}
          />
        )}
        <Table
          rowKey="id"
          size="small"
          loading={records.loading}
          dataSource={records.data?.items}
          columns={[
            { title: '对象', dataIndex: 'name' },
            { title: '情况', dataIndex: 'detail' },
            { title: '日期', dataIndex: 'date' },
            { title: '地区', dataIndex: 'region_name' },
          ]}
        />
      </Drawer>
    </Space>
  );
}

export default function AnalyticsPage() {
  return (
    <Card title="统计分析">
      <Tabs
        items={[
          { key: 'dashboard', label: '监管看板', children: <DashboardTab /> },
          { key: 'campaign', label: '专项整治统计', children: <CampaignTab /> },
        ]}
      />
    </Card>
  );
}
