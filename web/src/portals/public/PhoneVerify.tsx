// Issue 22: a phone number proved by an SMS code; hands the ticket the next step presents.
import { useCallback, useEffect, useState } from 'react';
import { Button, Flex, Form, Input } from 'antd';
import { post } from '../../api';
import { ProblemAlert, asApiError } from '../../shared/problem';
import type { ApiError } from '../../api';

type Purpose = 'signup' | 'org_application' | 'password_reset' | 'bind_phone';

/**
 * The step after the SMS proof, as every public page with one needs it (sign-up, an organisation's
 * application, 忘记密码): holds the ticket until it is sent with the form, and drops it — back to the
 * code — when the server answers that the proof has expired or was used (field `ticket`).
 */
export function useSmsTicket() {
  const [ticket, setTicket] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  /** Sends the form with the ticket; answers the server's reply, or undefined after an error (then shown). */
  const submit = useCallback(
    async <T,>(send: (ticket: string) => Promise<T>): Promise<T | undefined> => {
      if (!ticket) return undefined;
      setBusy(true);
      setError(null);
      try {
        return await send(ticket);
      } catch (err) {
        const e = asApiError(err);
        if (e.errors.some((f) => f.field === 'ticket')) setTicket(null);
        setError(e);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [ticket],
  );

  /** The SMS step itself, shown while no ticket is held. */
  const verifyStep = (purpose: Purpose) => <PhoneVerify purpose={purpose} onVerified={(_phone, t) => setTicket(t)} />;

  return { ticket, busy, error, setError, submit, verifyStep };
}

export default function PhoneVerify({
  purpose,
  onVerified,
}: {
  purpose: Purpose;
  onVerified: (phone: string, ticket: string) => void;
}) {
  const [form] = Form.useForm<{ phone: string; code: string }>();
  const [wait, setWait] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState(false);

  useEffect(() => {
    if (wait <= 0) return;
    const t = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(t);
  }, [wait]);

  async function send() {
    setError(null);
    try {
      const { phone } = await form.validateFields(['phone']);
      const res = await post<{ resendAfterSeconds: number }>('/api/onboarding/sms/send', { phone, purpose });
      setSent(true);
      setWait(res.resendAfterSeconds);
    } catch (err) {
      if (err && typeof err === 'object' && 'errorFields' in err) return;
      const e = asApiError(err);
      setError(e);
      const retry = e.body.retryAfterSeconds;
      if (typeof retry === 'number') setWait(retry);
    }
  }

  async function verify({ phone, code }: { phone: string; code: string }) {
    setBusy(true);
    setError(null);
    try {
      const { ticket } = await post<{ ticket: string }>('/api/onboarding/sms/verify', { phone, purpose, code });
      onVerified(phone, ticket);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={verify}>
      <Form.Item
        name="phone"
        label="手机号"
        rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '请输入 11 位手机号' }]}
      >
        <Input inputMode="tel" autoComplete="tel" maxLength={11} size="large" placeholder="11 位手机号" />
      </Form.Item>
      <Form.Item label="短信验证码" required htmlFor="sms-code">
        <Flex gap={8}>
          <Form.Item name="code" noStyle rules={[{ required: true, pattern: /^\d{6}$/, message: '请输入 6 位验证码' }]}>
            <Input
              id="sms-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              size="large"
              placeholder="6 位数字"
            />
          </Form.Item>
          <Button size="large" onClick={send} disabled={wait > 0} style={{ minWidth: 116 }}>
            {wait > 0 ? `${wait} 秒后重发` : sent ? '重新获取' : '获取验证码'}
          </Button>
        </Flex>
      </Form.Item>
      {error && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert error={error} />
        </div>
      )}
      <Button type="primary" htmlType="submit" block size="large" loading={busy}>
        下一步
      </Button>
    </Form>
  );
}

/** A picked file as base64 (what the JSON API takes), without the data: prefix. */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
