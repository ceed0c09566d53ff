// The back-office shell: the menu from the server (grouped by the chain's steps), the user and 退出登录.
// Below the md breakpoint (phones, where inspectors and workers are) the sidebar becomes a drawer
// opened from a menu button, and the header keeps only what fits in 390 px (issue 19 item 2).
import { Suspense, useEffect, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import PhoneHeaderBar from './PhoneHeaderBar';
import {
  Avatar,
  Button,
  Drawer,
  Dropdown,
  Flex,
  Grid,
  Layout,
  Menu,
  Space,
  Spin,
  Tag,
  Typography,
  theme,
  type MenuProps,
} from 'antd';
import {
  BankOutlined,
  DownOutlined,
  KeyOutlined,
  LogoutOutlined,
  SafetyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useAuth, useSession } from './auth';
import ChangePasswordModal from './ChangePasswordModal';
import SecondFactorModal from './SecondFactorModal';
import { activeEntry, groupKeyOf, menuEntries, menuTree, type MenuNode } from './menu';
import './shell.css';

const { Header, Sider, Content, Footer } = Layout;

function menuItems(tree: MenuNode[]): MenuProps['items'] {
  return tree.map((node) =>
    node.kind === 'entry'
      ? { key: node.entry.key, icon: node.entry.icon, label: <Link to={node.entry.path}>{node.entry.label}</Link> }
      : {
          key: node.key,
          icon: node.icon,
          label: node.label,
          children: node.entries.map((e) => ({ key: e.key, icon: e.icon, label: <Link to={e.path}>{e.label}</Link> })),
        },
  );
}

export default function AppLayout() {
  const { logout, refresh } = useAuth();
  const { user, menu, mustChangePassword, secondFactorEnrolmentRequired } = useSession();
  const [passwordOpen, setPasswordOpen] = useState(false);
  const [factorOpen, setFactorOpen] = useState(false);
  // Issue 22: the province requires a second factor of this role and none is set up yet.
  const enrolFirst = !!secondFactorEnrolmentRequired && !mustChangePassword;
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const screens = Grid.useBreakpoint();
  // Before the first measurement `screens` is empty: the desktop shell is the safe default.
  const phone = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const entries = menuEntries(menu);
  const tree = menuTree(entries);
  const active = activeEntry(entries, pathname);
  const activeGroup = active ? groupKeyOf(tree, active.key) : undefined;
  const [openKeys, setOpenKeys] = useState<string[]>(activeGroup ? [activeGroup] : []);

  // The folder of the page shown opens (and stays open with the others the user opened).
  useEffect(() => {
    if (activeGroup) setOpenKeys((keys) => (keys.includes(activeGroup) ? keys : [...keys, activeGroup]));
  }, [activeGroup]);

  async function onLogout() {
    await logout();
    navigate('/login', { replace: true });
  }

  const items = menuItems(tree);
  const userMenu: MenuProps = {
    items: [
      { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
      { key: 'second-factor', icon: <SafetyOutlined />, label: '第二重验证' },
      { key: 'logout', icon: <LogoutOutlined />, label: '退出登录' },
    ],
    onClick: ({ key }) => {
      if (key === 'password') setPasswordOpen(true);
      if (key === 'second-factor') setFactorOpen(true);
      if (key === 'logout') void onLogout();
    },
  };

  const brand = (
    <Link to="/" style={{ display: 'block', padding: '18px 16px', whiteSpace: 'nowrap', overflow: 'hidden' }}>
      <Typography.Text strong style={{ color: '#fff', fontSize: 20, letterSpacing: 2 }}>
        全链
      </Typography.Text>
      {!collapsed && (
        <Typography.Text style={{ color: 'rgba(255,255,255,0.65)', marginInlineStart: 8, fontSize: 12 }}>
          特种作业人员监管
        </Typography.Text>
      )}
    </Link>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <ChangePasswordModal
        open={passwordOpen || !!mustChangePassword}
        required={!!mustChangePassword}
        onClose={() => setPasswordOpen(false)}
        onChanged={() => {
          setPasswordOpen(false);
          void refresh();
        }}
      />
      <SecondFactorModal
        open={factorOpen || enrolFirst}
        required={enrolFirst}
        onClose={() => setFactorOpen(false)}
        onEnrolled={() => void refresh()}
      />
      {!phone && (
        <Sider
          width={216}
          breakpoint="lg"
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          {brand}
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={active ? [active.key] : []}
            openKeys={collapsed ? undefined : openKeys}
            onOpenChange={setOpenKeys}
            items={items}
          />
        </Sider>
      )}
      {phone && (
        <Drawer
          placement="left"
          size={280}
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          title="全链 · 特种作业人员监管"
          styles={{ body: { padding: 0 } }}
          footer={
            <Flex justify="space-between" align="center" gap={8} wrap="wrap">
              <Button icon={<KeyOutlined />} onClick={() => setPasswordOpen(true)}>
                修改密码
              </Button>
              <Button icon={<SafetyOutlined />} onClick={() => setFactorOpen(true)}>
                第二重验证
              </Button>
              <Button icon={<LogoutOutlined />} onClick={onLogout}>
                退出登录
              </Button>
            </Flex>
          }
        >
          <div style={{ padding: '12px 24px', borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
            <Typography.Text strong>{user.displayName}</Typography.Text>{' '}
            <Tag color="blue" variant="outlined">
              {user.roleLabel}
            </Tag>
            {user.org && (
              <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
                <BankOutlined /> {user.org.name}
              </Typography.Paragraph>
            )}
          </div>
          <Menu
            mode="inline"
            selectedKeys={active ? [active.key] : []}
            openKeys={openKeys}
            onOpenChange={setOpenKeys}
            items={items}
            onClick={() => setDrawerOpen(false)}
            style={{ borderInlineEnd: 'none' }}
          />
        </Drawer>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Header
          style={{
            background: token.colorBgContainer,
            paddingInline: phone ? 8 : 24,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            position: phone ? 'sticky' : undefined,
            top: 0,
            zIndex: 10,
          }}
        >
          {phone ? (
            <PhoneHeaderBar displayName={user.displayName} onMenu={() => setDrawerOpen(true)} onLogout={onLogout} />
          ) : (
            <Flex justify="space-between" align="center" gap={16} style={{ height: '100%' }}>
              <Typography.Text strong ellipsis style={{ fontSize: 16, minWidth: 0 }}>
                {screens.lg ? '特种作业人员全链条监管平台' : '全链'}
              </Typography.Text>
              <Space size="middle" style={{ flex: 'none' }}>
                {user.org && screens.xl && (
                  <Typography.Text type="secondary">
                    <BankOutlined /> {user.org.name}
                  </Typography.Text>
                )}
                <Tag color="blue" variant="outlined">
                  {user.roleLabel}
                </Tag>
                <Dropdown menu={userMenu} trigger={['click']}>
                  <Button type="text" aria-label="账户菜单">
                    <Avatar size="small" icon={<UserOutlined />} style={{ background: token.colorPrimary }} />
                    {user.displayName} <DownOutlined />
                  </Button>
                </Dropdown>
                <Button type="text" icon={<LogoutOutlined />} onClick={onLogout}>
                  退出登录
                </Button>
              </Space>
            </Flex>
          )}
        </Header>
        <Content style={{ margin: phone ? 12 : 24, minWidth: 0 }}>
          <Suspense fallback={<Spin style={{ display: 'block', marginTop: 80 }} />}>
            {/* Until the reset password is replaced every API call is refused: show no page behind the dialog. */}
            {!mustChangePassword && !enrolFirst && <Outlet />}
          </Suspense>
        </Content>
        <Footer style={{ textAlign: 'center', color: token.colorTextTertiary, paddingBlock: 12 }}>
          全链 · 全程留痕 · 全程监管 · 全程追溯
        </Footer>
      </Layout>
    </Layout>
  );
}
