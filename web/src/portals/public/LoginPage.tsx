// 登录: username + password; the server's problem detail (wrong password, locked account) is shown inline.
import { useEffect, useState } from 'react';
import { Navigate } from 'react-router-dom';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import type { ApiError } from '../../api';
import { useAuth } from '../../app/auth';
import { ProblemAlert, asApiError } from '../../shared/problem';

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
  const demoLoading = useDemoLoading();

  // Once logged in, "/" sends the user to the first item of their menu.
  if (session) return <Navigate to="/" replace />;

  async function onFinish({ username, password }: Credentials) {
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
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
      <Card style={{ width: 400, boxShadow: '0 8px 24px rgba(15, 42, 79, 0.2)' }}>
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
        <Form<Credentials> layout="vertical" requiredMark={false} onFinish={onFinish} disabled={busy || demoLoading}>
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
      </Card>
    </Flex>
  );
}
