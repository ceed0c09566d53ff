// Issue 22: 忘记密码 — the account's phone number proved by an SMS code, then a new password. The
// code is sent whether or not the number has an account (the page cannot be used to find out); every
// session of the account ends; a lock from failed log-ins stays until it runs out. Phone-first (390 px).
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Result, Steps } from 'antd';
import { post } from '../../api';
import { ProblemAlert } from '../../shared/problem';
import { useSmsTicket } from './PhoneVerify';
import { mobileShell } from './SignUpPage';

export default function ForgotPasswordPage() {
  const navigate = useNavigate();
  const { ticket, busy, error, submit: withTicket, verifyStep } = useSmsTicket();
  const [done, setDone] = useState<{ lockedUntil: string | null } | null>(null);

  async function submit({ password }: { password: string; confirm: string }) {
    const res = await withTicket((ticket) =>
      post<{ lockedUntil: string | null }>('/api/onboarding/password-reset', { ticket, password }),
    );
    if (res) setDone(res);
  }

  return (
    <div style={mobileShell}>
      <Card title="找回密码">
        <Steps
          size="small"
          current={done ? 2 : ticket ? 1 : 0}
          style={{ marginBottom: 16 }}
          items={[{ title: '验证手机' }, { title: '设置新密码' }, { title: '完成' }]}
          responsive={false}
        />
        {done ? (
          <Result
            status="success"
            title="密码已重置"
            subTitle={
              done.lockedUntil
                ? `该账户因连续登录失败已锁定至 ${new Date(done.lockedUntil).toLocaleString('zh-CN')}，届时请用新密码登录。`
                : '该账户在其他设备上的登录已全部退出，请用新密码登录。'
            }
            extra={
              <Button type="primary" block onClick={() => navigate('/login', { replace: true })}>
                去登录
              </Button>
            }
          />
        ) : ticket ? (
          <Form layout="vertical" requiredMark={false} onFinish={submit} disabled={busy}>
            <Form.Item
              name="password"
              label="新密码"
              extra="至少 8 位，须同时包含字母和数字。"
              rules={[{ required: true, min: 8, message: '至少 8 位' }]}
            >
              <Input.Password size="large" autoComplete="new-password" maxLength={128} />
            </Form.Item>
            <Form.Item
              name="confirm"
              label="再次输入新密码"
              dependencies={['password']}
              rules={[
                { required: true, message: '请再次输入' },
                ({ getFieldValue }) => ({
                  validator: (_, v) =>
                    v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error('两次输入不一致')),
                }),
              ]}
            >
              <Input.Password size="large" autoComplete="new-password" maxLength={128} />
            </Form.Item>
            {error && (
              <div style={{ marginBottom: 12 }}>
                <ProblemAlert error={error} />
              </div>
            )}
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              重置密码
            </Button>
          </Form>
        ) : (
          <>
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              description="请输入账户绑定的手机号（作业人员为注册时的手机号；工作人员为在「第二重验证」中绑定的手机号）。未绑定手机号的账户请联系系统管理员重置。"
            />
            {error && (
              <div style={{ marginBottom: 12 }}>
                <ProblemAlert error={error} />
              </div>
            )}
            {verifyStep('password_reset')}
          </>
        )}
        <div style={{ marginTop: 16, textAlign: 'center' }}>
          <Link to="/login">返回登录</Link>
        </div>
      </Card>
    </div>
  );
}
