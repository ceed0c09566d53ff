// 修改密码: the current password, the new one twice. Other sessions of the account end on the
// server; this one stays. After an administrator's reset the dialog cannot be dismissed.
import { useState } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import { post } from '../api';
import { applyFieldErrors, useProblem } from '../shared/problem';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function ChangePasswordModal({
  open,
  required,
  onClose,
  onChanged,
}: {
  open: boolean;
  /** The one-time password of a reset is in use: no cancel, only 退出登录 elsewhere. */
  required?: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const showProblem = useProblem();

  async function onFinish(v: Values) {
    setBusy(true);
    try {
      await post('/api/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      message.success('密码已修改，其他设备上的登录已退出');
      form.resetFields();
      onChanged();
    } catch (err) {
      if (!applyFieldErrors(form, err)) showProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      title="修改密码"
      open={open}
      okText="确认修改"
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={required ? undefined : onClose}
      closable={!required}
      mask={{ closable: !required }}
      keyboard={!required}
      cancelButtonProps={{ style: required ? { display: 'none' } : undefined }}
      destroyOnHidden
    >
      {required && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="管理员已为您重置密码，请设置新密码后继续使用。"
        />
      )}
      <Form form={form} layout="vertical" onFinish={onFinish} preserve={false}>
        <Form.Item
          name="currentPassword"
          label={required ? '一次性密码' : '当前密码'}
          rules={[{ required: true, message: '请输入当前密码' }]}
        >
          <Input.Password autoComplete="current-password" maxLength={128} />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="新密码"
          rules={[
            { required: true, pattern: /^(?=.*[A-Za-z])(?=.*\d).{8,128}$/, message: '8–128 位，须同时包含字母和数字' },
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认新密码"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的新密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
