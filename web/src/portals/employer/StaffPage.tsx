// 本单位账户: the organisation's administrator adds accounts for its own staff (same role, same organisation).
import { useState } from 'react';
import { App, Button, Card, Descriptions, Flex, Form, Input, Modal, Table, Typography } from 'antd';
import { post, put } from '../../api';
import { useAuth } from '../../app/auth';
import { ProblemAlert, RuleTag, applyFieldErrors, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface Staff {
  id: string;
  username: string;
  displayName: string;
  roleLabel: string;
  createdAt: string;
}

interface Profile {
  principalName: string | null;
  principalTitle: string | null;
  updatedAt: string | null;
}

/** EMP-4: the employer's principal, the second party of 一案双罚 — recorded by the employer itself. */
function PrincipalCard() {
  const profile = useApi<Profile>('/api/employer/profile');
  const [form] = Form.useForm<{ principalName: string; principalTitle: string }>();
  const [editing, setEditing] = useState(false);
  const { message } = App.useApp();
  const showProblem = useProblem();
  const submit = async (v: { principalName: string; principalTitle: string }) => {
    try {
      await put('/api/employer/profile', v);
      message.success('已登记主要负责人');
      setEditing(false);
      profile.reload();
    } catch (err) {
      if (!applyFieldErrors(form, err)) showProblem(err);
    }
  };
  const p = profile.data;
  return (
    <Card
      title={
        <>
          单位主要负责人 <RuleTag rule="EMP-4" />
        </>
      }
      extra={
        <Button
          onClick={() => {
            form.setFieldsValue({
              principalName: p?.principalName ?? '',
              principalTitle: p?.principalTitle ?? '法定代表人',
            });
            setEditing(true);
          }}
        >
          {p?.principalName ? '变更' : '登记'}
        </Button>
      }
    >
      {profile.error && <ProblemAlert error={profile.error} />}
      {p?.principalName ? (
        <Descriptions
          size="small"
          column={3}
          items={[
            { key: 'n', label: '姓名', children: p.principalName },
            { key: 't', label: '职务', children: p.principalTitle },
            {
              key: 'u',
              label: '登记时间',
              children: p.updatedAt ? new Date(p.updatedAt).toLocaleString('zh-CN') : '—',
            },
          ]}
        />
      ) : (
        <Typography.Text type="warning">
          尚未登记。使用无证人员从事特种作业的，对单位及其主要负责人一案双罚；请登记法定代表人或主要负责人。
        </Typography.Text>
      )}
      <Modal
        open={editing}
        title="登记主要负责人"
        onCancel={() => setEditing(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="principalName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="principalTitle" label="职务" rules={[{ required: true, message: '请填写职务' }]}>
            <Input maxLength={30} placeholder="法定代表人 / 主要负责人 / 总经理" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

export default function StaffPage() {
  const { session } = useAuth();
  const isEmployer = session?.user.role === 'employer_admin';
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
    <Flex vertical gap={16}>
      {isEmployer && <PrincipalCard />}
      <Card
        title="本单位账户"
        extra={
          <Button type="primary" onClick={() => setOpen(true)}>
            新建账户
          </Button>
        }
      >
        {staff.error && <ProblemAlert error={staff.error} />}
        <Table<Staff>
          rowKey="id"
          size="small"
          loading={staff.loading}
          dataSource={staff.data?.items}
          pagination={false}
          columns={[
            { title: '用户名', dataIndex: 'username' },
            { title: '姓名', dataIndex: 'displayName' },
            { title: '角色', dataIndex: 'roleLabel' },
            { title: '创建时间', dataIndex: 'createdAt', render: (v: string) => new Date(v).toLocaleString('zh-CN') },
          ]}
        />
        <Modal
          open={open}
          title="新建本单位账户"
          onCancel={() => setOpen(false)}
          onOk={() => form.submit()}
          destroyOnHidden
        >
          <Form form={form} layout="vertical" onFinish={submit}>
            <Form.Item
              name="username"
              label="用户名"
              rules={[
                {
                  required: true,
                  pattern: /^[a-z0-9][a-z0-9._-]{2,31}$/,
                  message: '3–32 位小写字母、数字、点、下划线或连字符',
                },
              ]}
            >
              <Input maxLength={32} />
            </Form.Item>
            <Form.Item name="displayName" label="姓名" rules={[{ required: true }]}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="password" label="初始密码" rules={[{ required: true, min: 10, message: '至少 10 位' }]}>
              <Input.Password maxLength={128} />
            </Form.Item>
          </Form>
        </Modal>
      </Card>
    </Flex>
  );
}
