// The back-office shell: menu from the server on the left, the user and 退出登录 on the right.
import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Avatar, Button, Flex, Layout, Menu, Space, Spin, Tag, Typography, theme } from 'antd';
import { BankOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth, useSession } from './auth';
import { activeEntry, menuEntries } from './menu';

const { Header, Sider, Content, Footer } = Layout;

export default function AppLayout() {
  const { logout } = useAuth();
  const { user, menu } = useSession();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(false);
  const entries = menuEntries(menu);
  const active = activeEntry(entries, pathname);

  async function onLogout() {
    await logout();
    navigate('/login', { replace: true });
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        width={216}
        breakpoint="lg"
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <Link
          to="/"
          style={{ display: 'block', padding: '18px 16px', color: '#fff', whiteSpace: 'nowrap', overflow: 'hidden' }}
        >
          <Typography.Text strong style={{ color: '#fff', fontSize: 20, letterSpacing: 2 }}>
            全链
          </Typography.Text>
          {!collapsed && (
            <Typography.Text style={{ color: 'rgba(255,255,255,0.65)', marginInlineStart: 8, fontSize: 12 }}>
              特种作业人员监管
            </Typography.Text>
          )}
        </Link>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={active ? [active.key] : []}
          items={entries.map((e) => ({ key: e.key, icon: e.icon, label: <Link to={e.path}>{e.label}</Link> }))}
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: token.colorBgContainer,
            paddingInline: 24,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          <Flex justify="space-between" align="center" style={{ height: '100%' }}>
            <Typography.Text strong style={{ fontSize: 16 }}>
              特种作业人员全链条监管平台
            </Typography.Text>
            <Space size="middle">
              {user.org && (
                <Typography.Text type="secondary">
                  <BankOutlined /> {user.org.name}
                </Typography.Text>
              )}
              <Tag color="blue" variant="outlined">
                {user.roleLabel}
              </Tag>
              <Space size={6}>
                <Avatar size="small" icon={<UserOutlined />} style={{ background: token.colorPrimary }} />
                <Typography.Text>{user.displayName}</Typography.Text>
              </Space>
              <Button type="text" icon={<LogoutOutlined />} onClick={onLogout}>
                退出登录
              </Button>
            </Space>
          </Flex>
        </Header>
        <Content style={{ margin: 24 }}>
          <Suspense fallback={<Spin style={{ display: 'block', marginTop: 80 }} />}>
            <Outlet />
          </Suspense>
        </Content>
        <Footer style={{ textAlign: 'center', color: token.colorTextTertiary, paddingBlock: 12 }}>
          全链 · 全程留痕 · 全程监管 · 全程追溯
        </Footer>
      </Layout>
    </Layout>
  );
}
