// 工作台: who you are, where you work, and a card per page of your menu with a real figure where one exists.
import { useNavigate } from 'react-router-dom';
import { Card, Col, Flex, Row, Statistic, Typography } from 'antd';
import type { Category, Page } from '../types';
import { useSession } from './auth';
import { menuEntries, type MenuEntry } from './menu';
import { useApi } from '../shared/useApi';

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
