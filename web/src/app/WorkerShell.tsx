// Issue 22: the worker's shell on a phone (below 768 px), a chunk of its own. The back office's shell
// (AppLayout: sidebar, grouped menu, a dozen icons, the account dialogs) is not loaded: a header with
// 菜单, 全链 and 退出登录, and a drawer listing the worker's own pages. The password and second-factor
// dialogs load only when they open. Keeps the worker's first load within 300 kB of JavaScript
// (bench/mobile-bundle.ts); workers on a desktop keep AppLayout.
import { Suspense, lazy, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import PhoneHeaderBar from './PhoneHeaderBar';
import { Button, Drawer, Flex, Spin, Tag, Typography, theme } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useAuth, useSession } from './auth';
import { activeEntry, menuEntryData } from './menu-entries';
// The phone rules the pages rely on (cards' full-width 44 px actions, tables scrolling in their card).
import './shell.css';

const ChangePasswordModal = lazy(() => import('./ChangePasswordModal'));
const SecondFactorModal = lazy(() => import('./SecondFactorModal'));

export default function WorkerShell() {
  const { logout, refresh } = useAuth();
  const { user, menu, mustChangePassword, secondFactorEnrolmentRequired } = useSession();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const [factorOpen, setFactorOpen] = useState(false);
  // A dialog's code is fetched the first time it opens, then stays mounted (so it can fade out).
  const [loaded, setLoaded] = useState({ password: false, factor: false });
  const enrolFirst = !!secondFactorEnrolmentRequired && !mustChangePassword;
  const entries = menuEntryData(menu);
  const active = activeEntry(entries, pathname);

  async function onLogout() {
    await logout();
    navigate('/login', { replace: true });
  }
  function openDialog(which: 'password' | 'factor') {
    setDrawerOpen(false);
    setLoaded((l) => ({ ...l, [which]: true }));
    if (which === 'password') setPasswordOpen(true);
    else setFactorOpen(true);
  }

  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: token.colorBgLayout }}>
      <Suspense fallback={null}>
        {(loaded.password || mustChangePassword) && (
          <ChangePasswordModal
            open={passwordOpen || !!mustChangePassword}
            required={!!mustChangePassword}
            onClose={() => setPasswordOpen(false)}
            onChanged={() => {
              setPasswordOpen(false);
              void refresh();
            }}
          />
        )}
        {(loaded.factor || enrolFirst) && (
          <SecondFactorModal
            open={factorOpen || enrolFirst}
            required={enrolFirst}
            onClose={() => setFactorOpen(false)}
            onEnrolled={() => void refresh()}
          />
        )}
      </Suspense>
      <Drawer
        placement="left"
        size={280}
        open={drawerOpen}
        onClose={() => setDrawerOpen(false)}
        title="全链 · 特种作业人员"
        styles={{ body: { padding: 0 } }}
        footer={
          <Flex justify="space-between" align="center" gap={8} wrap="wrap">
            <Button onClick={() => openDialog('password')}>修改密码</Button>
            <Button onClick={() => openDialog('factor')}>第二重验证</Button>
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
        </div>
        <nav aria-label="我的功能">
          {entries.map((e) => {
            const current = e.key === active?.key;
            return (
              <Link
                key={e.key}
                to={e.path}
                onClick={() => setDrawerOpen(false)}
                aria-current={current ? 'page' : undefined}
                style={{
                  display: 'block',
                  padding: '12px 24px',
                  minHeight: 48,
                  borderBottom: `1px solid ${token.colorBorderSecondary}`,
                  color: current ? token.colorPrimary : token.colorText,
                  background: current ? token.colorPrimaryBg : undefined,
                  fontWeight: current ? 600 : undefined,
                }}
              >
                {e.label}
              </Link>
            );
          })}
        </nav>
      </Drawer>
      <header
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 10,
          height: 56,
          paddingInline: 8,
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
        }}
      >
        <PhoneHeaderBar displayName={user.displayName} onMenu={() => setDrawerOpen(true)} onLogout={onLogout} />
      </header>
      <main style={{ flex: 1, margin: 12, minWidth: 0 }}>
        <Suspense fallback={<Spin style={{ display: 'block', marginTop: 80 }} />}>
          {/* Until the reset password is replaced every API call is refused: show no page behind the dialog. */}
          {!mustChangePassword && !enrolFirst && <Outlet />}
        </Suspense>
      </main>
      <footer style={{ textAlign: 'center', color: token.colorTextTertiary, padding: 12, fontSize: 12 }}>
        全链 · 全程留痕 · 全程监管 · 全程追溯
      </footer>
    </div>
  );
}
