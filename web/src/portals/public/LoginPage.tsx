// 登录: username + password; the server's problem detail (wrong password, locked account) is shown inline.
// Issue 22: an account with a second factor then enters a TOTP code, an SMS code or a recovery code
// (the password alone opens no session); 忘记密码 leads to the reset by SMS.
import { Suspense, lazy, useEffect, useState } from 'react';
import { Link, Navigate } from 'react-router-dom';
import { Alert, Button, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import type { ApiError } from '../../api';
import { useAuth } from '../../app/auth';
import Panel from '../../shared/Panel';
import { ProblemAlert, asApiError } from '../../shared/problem';
import type { SecondFactorChallenge } from '../../types';

// Few accounts have a second factor: its step loads when the password was right (issue 22: the
// login page is part of the worker's first load, ≤ 300 kB).
const SecondStep = lazy(() => import('./SecondStep'));

interface Credentials {
  username: string;
  password: string;
}

/** The first start answers before its demo data is written: true until the server says it is complete. */
function useDemoLoading(): boolean {
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const poll = async () => {
      try {
        const res = await fetch('/healthz/demo');
        const { demo } = (await res.json()) as { demo: string };
        if (stopped) return;
        setLoading(demo === 'loading');
        if (demo === 'loading') timer = setTimeout(poll, 2000);
      } catch {
        if (!stopped) timer = setTimeout(poll, 2000);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return loading;
}

export default function LoginPage() {
  const { session, login } = useAuth();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [challenge, setChallenge] = useState<SecondFactorChallenge | null>(null);
  const demoLoading = useDemoLoading();

  // Once logged in, "/" sends the user to the first item of their menu.
  if (session) return <Navigate to="/" replace />;

  async function onFinish({ username, password }: Credentials) {
    setBusy(true);
    setError(null);
    try {
      const answer = await login(username.trim(), password);
      if ('secondFactorRequired' in answer) {
        setChallenge(answer);
        setBusy(false);
      }
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
    }
  }

  return (
    <Flex
      align="center"
      justify="center"
      style={{ minHeight: '100vh', background: 'linear-gradient(160deg, #0f2a4f 0%, #1d4f91 60%, #e8eef7 60%)' }}
    >
      <Panel style={{ width: 400, maxWidth: 'calc(100vw - 24px)', boxShadow: '0 8px 24px rgba(15, 42, 79, 0.2)' }}>
        <Typography.Title level={3} style={{ marginBottom: 4, textAlign: 'center' }}>
          全链
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          特种作业人员全链条监管平台
        </Typography.Paragraph>
        {demoLoading && (
          <Alert
            style={{ marginBottom: 16 }}
            type="warning"
            showIcon
            title="演示数据加载中"
            description="首次启动正在加载演示数据，通常需要一两分钟。加载完成后本页自动恢复登录，无需刷新。"
          />
        )}
        {challenge && (
          <Suspense>
            <SecondStep challenge={challenge} onRestart={() => setChallenge(null)} />
          </Suspense>
        )}
        <Form<Credentials>
          layout="vertical"
          requiredMark={false}
          onFinish={onFinish}
          disabled={busy || demoLoading}
          style={challenge ? { display: 'none' } : undefined}
        >
          <Form.Item
            name="username"
            label="用户名或手机号"
            rules={[{ required: true, whitespace: true, message: '请输入用户名或手机号' }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" maxLength={64} autoFocus />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={128} />
          </Form.Item>
          {error && (
            <div style={{ marginBottom: 16 }}>
              <ProblemAlert error={error} />
            </div>
          )}
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            登录
          </Button>
          <Flex justify="end" style={{ marginTop: 8 }}>
            <Link to="/login/forgot">忘记密码？</Link>
          </Flex>
        </Form>
        <Alert
          style={{ marginTop: 16 }}
          type="info"
          showIcon
          title="演示账户"
          description="演示环境的账户与初始密码在服务器启动时打印于控制台（npm start 的输出）。"
        />
        {/* The public services need no account. */}
        <Flex justify="center" gap={16} style={{ marginTop: 16 }}>
          <Typography.Link href="/verify">证书核验</Typography.Link>
          <Typography.Link href="/public/institutions">培训机构名单</Typography.Link>
          <Typography.Link href="/report">举报</Typography.Link>
        </Flex>
        <Flex justify="center" gap={16} style={{ marginTop: 8 }}>
          <Typography.Link href="/join">作业人员手机注册</Typography.Link>
          <Typography.Link href="/join/organisation">机构入驻申请</Typography.Link>
        </Flex>
      </Panel>
    </Flex>
  );
}
