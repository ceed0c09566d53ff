// Issue 22: an approved organisation's first administrator opens the texted link and sets a password.
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Form, Input, Typography } from 'antd';
import { post } from '../../api';
import type { ApiError } from '../../api';
import { useAuth } from '../../app/auth';
import { ProblemAlert, asApiError } from '../../shared/problem';
import type { Session } from '../../types';
import { mobileShell } from './SignUpPage';

export default function InvitePage() {
  const { token } = useParams();
  const { adopt } = useAuth();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [username, setUsername] = useState<string | null>(null);

  async function submit({ password }: { password: string }) {
    setBusy(true);
    setError(null);
    try {
      const res = await post<Session & { username: string }>('/api/onboarding/invites/accept', { token, password });
      setUsername(res.username);
      adopt(res);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={mobileShell}>
      <Card title="设置机构管理员密码">
        {username ? (
          <>
            <Typography.Paragraph>
              密码已设置。您的用户名是{' '}
              <Typography.Text strong copyable>
                {username}
              </Typography.Text>
              ，以后用它和新密码登录。
            </Typography.Paragraph>
            <Button type="primary" block onClick={() => navigate('/', { replace: true })}>
              进入平台
            </Button>
          </>
        ) : (
          <Form layout="vertical" requiredMark={false} onFinish={submit} disabled={busy}>
            <Form.Item
              name="password"
              label="新密码"
              extra="至少 8 位，含字母和数字。链接仅可使用一次，7 天内有效。"
              rules={[{ required: true, min: 8, message: '至少 8 位' }]}
            >
              <Input.Password size="large" autoComplete="new-password" maxLength={128} />
            </Form.Item>
            {error && (
              <div style={{ marginBottom: 12 }}>
                <ProblemAlert error={error} />
              </div>
            )}
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              设置密码并登录
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
