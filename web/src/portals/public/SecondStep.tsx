// Issue 22: the log-in's second step, loaded only when the password was right and the account has a
// second factor (web/src/portals/public/LoginPage.tsx).
import { useEffect, useState } from 'react';
import { Alert, Button, Flex, Form, Input, Segmented, Typography } from 'antd';
import { SafetyOutlined } from '@ant-design/icons';
import { post, type ApiError } from '../../api';
import { useAuth } from '../../app/auth';
import { ProblemAlert, asApiError } from '../../shared/problem';
import type { SecondFactorChallenge, Session } from '../../types';

/** Issue 22: the log-in's second step — the authenticator's code, an SMS code, or a recovery code. */
export default function SecondStep({
  challenge,
  onRestart,
}: {
  challenge: SecondFactorChallenge;
  onRestart: () => void;
}) {
  const { adopt } = useAuth();
  type Method = 'totp' | 'sms' | 'recovery';
  const [method, setMethod] = useState<Method>(challenge.methods[0]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [wait, setWait] = useState(0);
  const [sent, setSent] = useState(false);

  useEffect(() => {
    if (wait <= 0) return;
    const t = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(t);
  }, [wait]);

  async function sendSms() {
    setError(null);
    try {
      const res = await post<{ resendAfterSeconds: number }>('/api/auth/login/sms/send', {
        challenge: challenge.challenge,
      });
      setSent(true);
      setWait(res.resendAfterSeconds);
    } catch (err) {
      const e = asApiError(err);
      setError(e);
      if (typeof e.body.retryAfterSeconds === 'number') setWait(e.body.retryAfterSeconds);
    }
  }

  async function onFinish({ code }: { code: string }) {
    setBusy(true);
    setError(null);
    try {
      const session =
        method === 'sms'
          ? await post<Session>('/api/auth/login/sms', { challenge: challenge.challenge, code: code.trim() })
          : await post<Session>('/api/auth/login/second-factor', {
              challenge: challenge.challenge,
              method,
              code: code.trim(),
            });
      adopt(session);
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
    }
  }

  const options = [
    ...(challenge.methods.includes('totp') ? [{ value: 'totp', label: '动态口令' }] : []),
    ...(challenge.methods.includes('sms') ? [{ value: 'sms', label: '短信验证码' }] : []),
    ...(challenge.methods.includes('totp') ? [{ value: 'recovery', label: '恢复码' }] : []),
  ];
  const expired = error?.body.type === 'urn:quanlian:problem:second-factor-expired';
  return (
    <Form layout="vertical" requiredMark={false} onFinish={onFinish}>
      <Alert
        type="info"
        showIcon
        icon={<SafetyOutlined />}
        style={{ marginBottom: 16 }}
        title="第二重验证"
        description="密码正确。本账户已开通第二重验证，请在 5 分钟内完成。"
      />
      {options.length > 1 && (
        <Segmented
          block
          style={{ marginBottom: 16 }}
          value={method}
          onChange={(v) => {
            setMethod(v as Method);
            setError(null);
          }}
          options={options}
        />
      )}
      {method === 'sms' && (
        <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary" style={{ flex: 1 }}>
            发送至 {challenge.phone}
          </Typography.Text>
          <Button onClick={sendSms} disabled={wait > 0}>
            {wait > 0 ? `${wait} 秒后重发` : sent ? '重新获取' : '获取验证码'}
          </Button>
        </Flex>
      )}
      <Form.Item
        name="code"
        label={
          method === 'totp' ? '验证器中的 6 位动态口令' : method === 'sms' ? '短信验证码' : '恢复码（如 abcd-2345）'
        }
        rules={[{ required: true, whitespace: true, message: '请输入验证码' }]}
      >
        <Input
          inputMode={method === 'recovery' ? 'text' : 'numeric'}
          autoComplete="one-time-code"
          maxLength={method === 'recovery' ? 12 : 6}
          size="large"
          autoFocus
        />
      </Form.Item>
      {error && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert error={error} />
        </div>
      )}
      {expired ? (
        <Button type="primary" block size="large" onClick={onRestart}>
          重新登录
        </Button>
      ) : (
        <Button type="primary" htmlType="submit" block size="large" loading={busy}>
          验证并登录
        </Button>
      )}
      <Flex justify="end" style={{ marginTop: 8 }}>
        <Typography.Link onClick={onRestart}>返回</Typography.Link>
      </Flex>
    </Form>
  );
}
