// 工作台: who you are, where you work, then your to-do queues (issue 19 item 4: oldest and overdue
// first, with counts and a chart), then a card per page of your menu with a real figure where one exists.
import { Suspense, lazy } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Badge, Card, Col, Flex, List, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import type { Queue, Workbench } from '@shared/workbench';
import type { Category, Page } from '../types';
import { ProblemAlert } from '../shared/problem';
import { useSession } from './auth';
import { menuEntries, type MenuEntry } from './menu';
import { useApi } from '../shared/useApi';
import { usePhone } from '../shared/usePhone';

interface Figure {
  path: string;
  title: string;
  suffix: string;
  value: (body: never) => number;
}

const total = (body: Page<unknown>) => body.total;

function figureFor(key: string, workerId: string | null): Figure | null {
  switch (key) {
    case 'workers':
      return { path: '/api/workers?pageSize=1', title: '可查询人员', suffix: '人', value: total };
    case 'organisations':
      return { path: '/api/organisations?pageSize=1', title: '机构', suffix: '家', value: total };
    case 'users':
      return { path: '/api/users?pageSize=1', title: '账户', suffix: '个', value: total };
    case 'audit':
      return { path: '/api/audit?pageSize=1', title: '审计记录', suffix: '条', value: total };
    case 'catalog':
      return {
        path: '/api/catalog',
        title: '操作项目',
        suffix: '项',
        value: (body: { categories: Category[] }) => body.categories.reduce((n, c) => n + c.items.length, 0),
      };
    case 'me.archive':
      return workerId
        ? {
            path: `/api/workers/${workerId}/archive`,
            title: '档案记录',
            suffix: '条',
            value: (body: { events: unknown[] }) => body.events.length,
          }
        : null;
    default:
      return null;
  }
}

function FigureStat({ figure }: { figure: Figure }) {
  const { data, error } = useApi<never>(figure.path);
  return (
    <Statistic
      title={figure.title}
      value={error ? '—' : data === undefined ? 0 : figure.value(data)}
      suffix={error ? undefined : figure.suffix}
      loading={data === undefined && !error}
    />
  );
}

function EntryCard({ entry, figure }: { entry: MenuEntry; figure: Figure | null }) {
  const navigate = useNavigate();
  return (
    <Card hoverable onClick={() => navigate(entry.path)} style={{ height: '100%' }}>
      <Card.Meta
        avatar={<span style={{ fontSize: 28, color: '#1d4f91' }}>{entry.icon}</span>}
        title={entry.label}
        description={entry.description}
      />
      {figure && (
        <div style={{ marginTop: 16 }}>
          <FigureStat figure={figure} />
        </div>
      )}
    </Card>
  );
}

const WorkbenchChart = lazy(() => import('./WorkbenchChart'));

function QueueCard({ queue }: { queue: Queue }) {
  const navigate = useNavigate();
  return (
    <Card
      size="small"
      data-testid={`queue-${queue.key}`}
      title={
        <Flex gap={8} align="center" wrap>
          <span>{queue.label}</span>
          <Badge count={queue.count} showZero overflowCount={9999} color={queue.overdue > 0 ? '#cf1322' : '#1d4f91'} />
        </Flex>
      }
      extra={<Link to={queue.link}>全部</Link>}
      style={{ height: '100%' }}
    >
      {queue.overdue > 0 && (
        <Typography.Paragraph type="danger" style={{ marginBottom: 8 }}>
          逾期 {queue.overdue} {queue.unit}，最早的已逾期 {queue.oldestOverdueDays} 天
        </Typography.Paragraph>
      )}
      {queue.items.length === 0 ? (
        <Typography.Text type="secondary">暂无待办</Typography.Text>
      ) : (
        <List
          size="small"
          split
          dataSource={queue.items}
          renderItem={(item) => (
            <List.Item
              style={{ cursor: 'pointer', paddingInline: 0 }}
              onClick={() => navigate(item.link)}
              extra={
                item.overdueDays !== null ? (
                  <Tag color="red">逾期 {item.overdueDays} 天</Tag>
                ) : item.dueOn ? (
                  <Tag>{item.dueOn}</Tag>
                ) : (
                  <Typography.Text type="secondary">{item.since}</Typography.Text>
                )
              }
            >
              <List.Item.Meta title={<Link to={item.link}>{item.title}</Link>} description={item.detail ?? undefined} />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function Queues({ workbench, chart }: { workbench: Workbench; chart: boolean }) {
  const { queues } = workbench;
  const waiting = queues.filter((q) => q.count > 0);
  return (
    <Flex vertical gap={16}>
      {workbench.banners.map((b) => (
        <Alert key={b.message} type={b.type} showIcon message={b.message} description={b.description} />
      ))}
      <Card size="small" title="待办概况">
        <Row gutter={[16, 16]}>
          {queues.map((q) => (
            <Col key={q.key} xs={12} md={8} xl={Math.max(4, Math.floor(24 / queues.length))}>
              <Link to={q.link}>
                <Statistic
                  title={q.label.replace(/（.*）/, '')}
                  value={q.count}
                  suffix={q.unit}
                  valueStyle={q.overdue > 0 ? { color: '#cf1322' } : undefined}
                />
              </Link>
              {q.overdue > 0 && <Typography.Text type="danger">逾期 {q.overdue}</Typography.Text>}
            </Col>
          ))}
        </Row>
        {chart && waiting.length > 1 && (
          <Suspense fallback={<Skeleton active paragraph={{ rows: 2 }} />}>
            <WorkbenchChart queues={queues} />
          </Suspense>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        {[...queues]
          .sort((a, b) => Number(b.count > 0) - Number(a.count > 0))
          .map((q) => (
            <Col key={q.key} xs={24} lg={12}>
              <QueueCard queue={q} />
            </Col>
          ))}
      </Row>
    </Flex>
  );
}

function greeting(): string {
  const hour = new Date().getHours();
  return hour < 12 ? '上午好' : hour < 18 ? '下午好' : '晚上好';
}

export default function DashboardPage() {
  const { user, menu } = useSession();
  const scope = user.jurisdiction
    ? `管辖范围：${user.jurisdiction.regionName}`
    : user.org && `所在地区：${user.org.regionName}`;
  const entries = menuEntries(menu).filter((e) => e.key !== 'dashboard');
  const { data: workbench, error } = useApi<Workbench>('/api/workbench');
  const hasQueues = !!workbench && workbench.queues.length > 0;
  // Issue 22: no chart on a phone or for a worker — the counts above say the same, and the chart
  // library (one 1.1 MB chunk) would put the worker's first load far over its 300 kB budget.
  const phone = usePhone();
  const chart = !phone && user.role !== 'worker';

  return (
    <Flex vertical gap={16}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {greeting()}，{user.displayName}
        </Typography.Title>
        <Typography.Text type="secondary">
          {[user.roleLabel, user.org?.name, scope].filter(Boolean).join(' · ')}
        </Typography.Text>
      </Card>
      {error && <ProblemAlert error={error} />}
      {!workbench && !error && <Skeleton active />}
      {hasQueues && <Queues workbench={workbench} chart={chart} />}
      {hasQueues && (
        <Typography.Title level={5} style={{ margin: 0 }}>
          常用功能
        </Typography.Title>
      )}
      <Row gutter={[16, 16]}>
        {entries.map((entry) => (
          <Col key={entry.key} xs={24} md={12} xl={8}>
            <EntryCard entry={entry} figure={figureFor(entry.key, user.workerId)} />
          </Col>
        ))}
      </Row>
    </Flex>
  );
}
