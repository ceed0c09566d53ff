// Issue 22: 第二重验证 — the user's own second factor: TOTP enrolled by scanning a QR code with an
// authenticator app (ten recovery codes shown once), or SMS codes to a bound number. Turning either
// off takes a current code. Where the province requires a second factor of the role and none is set
// up, the dialog cannot be dismissed and nothing else opens until one is.
import { useState } from 'react';
import { Alert, App, Button, Divider, Flex, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { post } from '../api';
import PhoneVerify from '../portals/public/PhoneVerify';
import { useProblem } from '../shared/problem';
import { useApi } from '../shared/useApi';

interface Status {
  required: boolean;
  totp: boolean;
  sms: boolean;
  phone: string | null;
  recoveryCodesLeft: number;
}

export default function SecondFactorModal({
  open,
  required,
  onClose,
  onEnrolled,
}: {
  open: boolean;
  required?: boolean;
  onClose: () => void;
  /** A factor was set up (a restricted session is now a full one). */
  onEnrolled: () => void;
}) {
  return (
    <Modal
      title="第二重验证"
      open={open}
      footer={required ? null : <Button onClick={onClose}>关闭</Button>}
      onCancel={required ? undefined : onClose}
      closable={!required}
      mask={{ closable: !required }}
      keyboard={!required}
      destroyOnHidden
      width={520}
    >
      {open && <Body required={!!required} onEnrolled={onEnrolled} />}
    </Modal>
  );
}

function Body({ required, onEnrolled }: { required: boolean; onEnrolled: () => void }) {
  const { data: status, reload } = useApi<Status>('/api/auth/second-factor');
  const [enrol, setEnrol] = useState<{ secret: string; qrDataUrl: string } | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [smsMode, setSmsMode] = useState<'on' | 'off' | null>(null);
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const showProblem = useProblem();

  async function start() {
    try {
      setEnrol(await post<{ secret: string; qrDataUrl: string }>('/api/auth/second-factor/totp/start'));
    } catch (err) {
      showProblem(err);
    }
  }
  async function confirm({ code }: { code: string }) {
    setBusy(true);
    try {
      const res = await post<{ recoveryCodes: string[] }>('/api/auth/second-factor/totp/confirm', { code });
      setRecoveryCodes(res.recoveryCodes);
      setEnrol(null);
      reload();
    } catch (err) {
      showProblem(err);
    } finally {
      setBusy(false);
    }
  }
  async function disableTotp({ code }: { code: string }) {
    setBusy(true);
    try {
      await post('/api/auth/second-factor/totp/disable', { code });
      message.success('已关闭动态口令');
      reload();
    } catch (err) {
      showProblem(err);
    } finally {
      setBusy(false);
    }
  }
  async function setSms(ticket: string, enabled: boolean) {
    try {
      await post('/api/onboarding/me/sms-factor', { ticket, enabled });
      message.success(enabled ? '已开通短信验证' : '已关闭短信验证');
      setSmsMode(null);
      reload();
      if (enabled && required) onEnrolled();
    } catch (err) {
      showProblem(err);
    }
  }

  if (!status) return null;
  return (
    <>
      {required && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="本省要求您的角色使用第二重验证"
          description="请开通动态口令或短信验证，完成后即可继续使用平台。"
        />
      )}
      {!required && status.required && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="本省要求您的角色使用第二重验证，至少保留一种。"
        />
      )}

      <Typography.Title level={5}>
        动态口令（验证器应用） {status.totp ? <Tag color="green">已开通</Tag> : <Tag>未开通</Tag>}
      </Typography.Title>
      {recoveryCodes ? (
        <>
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 12 }}
            title="动态口令已开通。请抄下或保存以下 10 个恢复码"
            description="手机丢失时，每个恢复码可代替动态口令登录一次。恢复码仅显示这一次。"
          />
          {/* A grid, not a <pre>: the codes wrap to the dialog's width on a 390 px phone. */}
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
              gap: '4px 16px',
              fontFamily: 'monospace',
              fontSize: 15,
              marginBottom: 8,
            }}
          >
            {recoveryCodes.map((c) => (
              <span key={c}>{c}</span>
            ))}
          </div>
          <Typography.Paragraph copyable={{ text: recoveryCodes.join('\n') }}>复制全部恢复码</Typography.Paragraph>
          <Button
            type="primary"
            block
            onClick={() => {
              setRecoveryCodes(null);
              onEnrolled();
            }}
          >
            我已保存恢复码
          </Button>
        </>
      ) : enrol ? (
        <Form layout="vertical" requiredMark={false} onFinish={confirm}>
          <Typography.Paragraph>
            用验证器应用（如微信小程序「腾讯身份验证器」、Google Authenticator、Microsoft Authenticator）扫描二维码，
            然后输入应用中显示的 6 位数字。
          </Typography.Paragraph>
          <Flex vertical align="center" gap={4} style={{ marginBottom: 12 }}>
            <img src={enrol.qrDataUrl} alt="动态口令二维码" width={200} height={200} />
            <Typography.Text
              type="secondary"
              copyable={{ text: enrol.secret }}
              style={{ fontSize: 12, wordBreak: 'break-all' }}
            >
              无法扫码时手动输入密钥：{enrol.secret}
            </Typography.Text>
          </Flex>
          <Form.Item
            name="code"
            label="验证器中的 6 位数字"
            rules={[{ required: true, pattern: /^\d{6}$/, message: '6 位数字' }]}
          >
            <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            确认开通
          </Button>
        </Form>
      ) : status.totp ? (
        <Form layout="inline" onFinish={disableTotp}>
          <Typography.Paragraph type="secondary" style={{ width: '100%' }}>
            剩余恢复码 {status.recoveryCodesLeft} 个。关闭须输入当前动态口令或一个恢复码。
          </Typography.Paragraph>
          <Form.Item name="code" rules={[{ required: true, message: '请输入' }]}>
            <Input placeholder="动态口令或恢复码" maxLength={12} style={{ width: 180 }} />
          </Form.Item>
          <Button htmlType="submit" danger loading={busy}>
            关闭动态口令
          </Button>
        </Form>
      ) : (
        <Button type="primary" onClick={start}>
          开通动态口令
        </Button>
      )}

      <Divider />
      <Typography.Title level={5}>
        短信验证码 {status.sms ? <Tag color="green">已开通 {status.phone}</Tag> : <Tag>未开通</Tag>}
      </Typography.Title>
      {smsMode ? (
        <>
          <Typography.Paragraph type="secondary">
            {smsMode === 'on' ? '验证要绑定的手机号：' : `向当前绑定的手机号 ${status.phone} 获取验证码以关闭：`}
          </Typography.Paragraph>
          <PhoneVerify purpose="bind_phone" onVerified={(_, ticket) => void setSms(ticket, smsMode === 'on')} />
          <Button type="link" onClick={() => setSmsMode(null)}>
            取消
          </Button>
        </>
      ) : (
        <Space>
          {status.sms ? (
            <Button danger onClick={() => setSmsMode('off')}>
              关闭短信验证
            </Button>
          ) : (
            <Button onClick={() => setSmsMode('on')}>绑定手机号并开通短信验证</Button>
          )}
        </Space>
      )}
    </>
  );
}
