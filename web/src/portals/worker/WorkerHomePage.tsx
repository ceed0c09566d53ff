// Issue 22: the worker's 工作台 on a phone — greeting, notices, their to-do queues (exams booked,
// certificates due for review) and a card per page of their menu. The same /api/workbench as the back
// office's 工作台 (web/src/app/DashboardPage.tsx), drawn with light parts only (no card, table, chart,
// list or statistic components, no icon set): this page is part of the worker's first load (≤ 300 kB).
import { Link } from 'react-router-dom';
import { Alert, Flex, Skeleton, Tag, Typography } from 'antd';
import type { Queue, Workbench } from '@shared/workbench';
import { useSession } from '../../app/auth';
import { menuEntryData } from '../../app/menu-entries';
import Panel from '../../shared/Panel';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

function greeting(): string {
  const hour = new Date().getHours();
  return hour < 12 ? '上午好' : hour < 18 ? '下午好' : '晚上好';
}

function QueueCard({ queue }: { queue: Queue }) {
  return (
    <Panel
      testId={`queue-${queue.key}`}
      title={
        <Flex gap={8} align="center" wrap>
          <span>{queue.label}</span>
          <Tag color={queue.overdue > 0 ? 'red' : 'blue'}>
            {queue.count} {queue.unit}
          </Tag>
        </Flex>
      }
      extra={<Link to={queue.link}>全部</Link>}
    >
      {queue.overdue > 0 && (
        <Typography.Paragraph type="danger" style={{ marginBottom: 8 }}>
          逾期 {queue.overdue} {queue.unit}，最早的已逾期 {queue.oldestOverdueDays} 天
        </Typography.Paragraph>
      )}
      {queue.items.length === 0 ? (
        <Typography.Text type="secondary">暂无待办</Typography.Text>
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {queue.items.map((item, i) => (
            <li
              key={item.id}
              style={{ padding: '8px 0', borderTop: i === 0 ? undefined : '1px solid rgba(5, 5, 5, 0.06)' }}
            >
              <Flex justify="space-between" align="start" gap={8}>
                <div style={{ minWidth: 0 }}>
                  <Link to={item.link}>{item.title}</Link>
                  {item.detail && (
                    <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                      {item.detail}
                    </Typography.Paragraph>
                  )}
                </div>
                {item.overdueDays !== null ? (
                  <Tag color="red">逾期 {item.overdueDays} 天</Tag>
                ) : item.dueOn ? (
                  <Tag>{item.dueOn}</Tag>
                ) : (
                  <Typography.Text type="secondary" style={{ flex: 'none' }}>
                    {item.since}
                  </Typography.Text>
                )}
              </Flex>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

export default function WorkerHomePage() {
  const { user, menu } = useSession();
  const entries = menuEntryData(menu).filter((e) => e.key !== 'dashboard');
  const { data: workbench, error } = useApi<Workbench>('/api/workbench');
  const queues = workbench?.queues ?? [];

  return (
    <Flex vertical gap={12}>
      <Panel>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {greeting()}，{user.displayName}
        </Typography.Title>
        <Typography.Text type="secondary">
          {[user.roleLabel, user.org?.name, user.org && `所在地区：${user.org.regionName}`].filter(Boolean).join(' · ')}
        </Typography.Text>
      </Panel>
      {error && <ProblemAlert error={error} />}
      {!workbench && !error && <Skeleton active />}
      {workbench?.banners.map((b) => (
        <Alert key={b.message} type={b.type} showIcon title={b.message} description={b.description} />
      ))}
      {[...queues]
        .sort((a, b) => Number(b.count > 0) - Number(a.count > 0))
        .map((q) => (
          <QueueCard key={q.key} queue={q} />
        ))}
      <Typography.Title level={5} style={{ margin: 0 }}>
        常用功能
      </Typography.Title>
      {entries.map((e) => (
        <Link key={e.key} to={e.path} style={{ display: 'block' }}>
          <Panel>
            <Typography.Text strong>{e.label}</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {e.description}
            </Typography.Paragraph>
          </Panel>
        </Link>
      ))}
    </Flex>
  );
}
