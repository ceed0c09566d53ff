// 本单位账户: the organisation's administrator adds accounts for its own staff (same role, same organisation).
import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Table } from 'antd';
import { post } from '../../api';
import { ProblemAlert, applyFieldErrors, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface Staff { id: string; username: string; displayName: string; roleLabel: string; createdAt: string }

export default function StaffPage() {
  const staff = useApi<{ items: Staff[] }>('/api/org/staff');
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const showProblem = useProblem();
  const submit = async (v: { username: string; displayName: string; password: string }) => {
    try {
      await post('/api/org/staff', v);
      message.success(`已新建账户 ${v.username}`);
      form.resetFields();
      setOpen(false);
      staff.reload();
    } catch (err) {
      if (!applyFieldErrors(form, err)) showProblem(err);
    }
  };
  return (
    <Card title="本单位账户" extra={<Button type="primary" onClick={() => setOpen(true)}>新建账户</Button>}>
      {staff.error && <ProblemAlert error={staff.error} />}
      <Table<Staff> rowKey="id" size="small" loading={staff.loading} dataSource={staff.data?.items} pagination={false}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '角色', dataIndex: 'roleLabel' },
          { title: '创建时间', dataIndex: 'createdAt', render: (v: string) => new Date(v).toLocaleString('zh-CN') },
        ]} />
      <Modal open={open} title="新建本单位账户" onCancel={() => setOpen(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="username" label="用户名" rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{2,31}$/, message: '3–32 位小写字母、数字、点、下划线或连字符' }]}><Input maxLength={32} /></Form.Item>
          <Form.Item name="displayName" label="姓名" rules={[{ required: true }]}><Input maxLength={50} /></Form.Item>
          <Form.Item name="password" label="初始密码" rules={[{ required: true, min: 10, message: '至少 10 位' }]}><Input.Password maxLength={128} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
