// 账户管理 (system admin): platform accounts, their role, organisation and state; 编辑, 重置密码,
// 停用 / 启用 and 解锁 (issue 19 item 5). A reset's one-time password is shown once, here only.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { post, put, query } from '../../api';
import { ROLE_OPTIONS, ROLE_ORG_KIND } from '../../shared/labels';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert, applyFieldErrors, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { useSession } from '../../app/auth';
import type { Page, UserRow } from '../../types';
import CreateUserButton from './CreateUserButton';

const PAGE_SIZE = 20;

function EditUserModal({ user, onClose, onSaved }: { user: UserRow | null; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<{ displayName: string; role: UserRow['role'] }>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const showProblem = useProblem();
  // SEC-2: a role stays within the kind of the account's organisation; a worker's account stays a worker's.
  const roles = user?.orgKind ? ROLE_OPTIONS.filter((o) => ROLE_ORG_KIND[o.value] === user.orgKind) : [];

  async function onFinish(v: { displayName: string; role: UserRow['role'] }) {
    if (!user) return;
    setBusy(true);
    try {
      await put(`/api/users/${encodeURIComponent(user.id)}`, {
        displayName: v.displayName.trim(),
        ...(user.role === 'worker' ? {} : { role: v.role }),
      });
      message.success(`账户 ${user.username} 已保存`);
      onSaved();
    } catch (err) {
      if (!applyFieldErrors(form, err)) showProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      title={user ? `编辑账户 ${user.username}` : '编辑账户'}
      open={!!user}
      okText="保存"
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {user && (
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          preserve={false}
          initialValues={{ displayName: user.displayName, role: user.role }}
        >
          <Form.Item
            name="displayName"
            label="姓名"
            rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          {user.role === 'worker' ? (
            <Typography.Paragraph type="secondary">特种作业人员本人账户的角色不可更改。</Typography.Paragraph>
          ) : (
            <Form.Item name="role" label="角色" extra={`限于所属机构（${user.orgName ?? '—'}）的类型。`}>
              <Select options={roles} />
            </Form.Item>
          )}
        </Form>
      )}
    </Modal>
  );
}

export default function UsersPage() {
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const { data, error, loading, reload } = useApi<Page<UserRow>>(`/api/users${query({ page, pageSize: PAGE_SIZE })}`);
  const { user: me } = useSession();
  const { message, modal } = App.useApp();
  const showProblem = useProblem();

  async function act(user: UserRow, path: 'unlock' | 'disable' | 'enable' | 'second-factor/reset', done: string) {
    try {
      await post(`/api/users/${encodeURIComponent(user.id)}/${path}`);
      message.success(`${done}：${user.username}`);
      reload();
    } catch (err) {
      showProblem(err);
    }
  }

  async function resetPassword(user: UserRow) {
    try {
      const { temporaryPassword } = await post<{ temporaryPassword: string }>(
        `/api/users/${encodeURIComponent(user.id)}/reset-password`,
      );
      reload();
      modal.success({
        title: `已重置 ${user.username} 的密码`,
        content: (
          <>
            <Typography.Paragraph>一次性密码（仅显示这一次，请通过安全渠道告知本人）：</Typography.Paragraph>
            <Typography.Paragraph copyable code style={{ fontSize: 18 }}>
              {temporaryPassword}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">
              该账户原有的登录已全部退出；本人用一次性密码登录后须先设置新密码。
            </Typography.Paragraph>
          </>
        ),
        okText: '我已记下',
      });
    } catch (err) {
      showProblem(err);
    }
  }

  return (
    <Card
      title="账户管理"
      extra={
        <Space>
          <Link to="/users/sms-outbox">开发短信发件箱</Link>
          <CreateUserButton onCreated={reload} />
        </Space>
      }
    >
      {error && <ProblemAlert error={error} />}
      <Table<UserRow>
        rowKey="id"
        loading={loading}
        dataSource={data?.items}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total,
          showSizeChanger: false,
          showTotal: (total) => `共 ${total} 个账户`,
          onChange: setPage,
        }}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '角色', dataIndex: 'roleLabel', render: (label: string) => <Tag color="blue">{label}</Tag> },
          { title: '所属机构', dataIndex: 'orgName', render: (name: string | null) => name ?? '—' },
          {
            title: '状态',
            key: 'state',
            render: (_, user) => (
              <Space size={4} wrap>
                {user.disabled && <Tag color="default">已停用</Tag>}
                {user.lockedUntil && dayjs(user.lockedUntil).isAfter(dayjs()) && (
                  <>
                    <Tag color="red">锁定至 {fmtDateTime(user.lockedUntil)}</Tag>
                    <Button type="link" size="small" onClick={() => act(user, 'unlock', '已解除锁定')}>
                      解锁
                    </Button>
                  </>
                )}
                {user.mustChangePassword && <Tag color="orange">待本人修改密码</Tag>}
                {user.secondFactors?.includes('totp') && <Tag color="cyan">动态口令</Tag>}
                {user.secondFactors?.includes('sms') && <Tag color="cyan">短信验证</Tag>}
                {!user.disabled && !(user.lockedUntil && dayjs(user.lockedUntil).isAfter(dayjs())) && (
                  <Tag color="green">正常</Tag>
                )}
              </Space>
            ),
          },
          { title: '创建时间', dataIndex: 'createdAt', render: fmtDateTime },
          {
            title: '操作',
            key: 'actions',
            render: (_, user) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setEditing(user)}>
                  编辑
                </Button>
                <Popconfirm
                  title={`重置 ${user.username} 的密码？`}
                  description="将生成一次性密码，该账户的登录全部退出。"
                  okText="重置"
                  cancelText="取消"
                  onConfirm={() => resetPassword(user)}
                >
                  <Button type="link" size="small">
                    重置密码
                  </Button>
                </Popconfirm>
                {(user.secondFactors?.length ?? 0) > 0 && (
                  <Popconfirm
                    title={`重置 ${user.username} 的第二重验证？`}
                    description="动态口令、恢复码与短信验证一并清除，该账户的登录全部退出（如本人手机丢失）。"
                    okText="重置"
                    cancelText="取消"
                    onConfirm={() => act(user, 'second-factor/reset', '已重置第二重验证')}
                  >
                    <Button type="link" size="small">
                      重置第二重验证
                    </Button>
                  </Popconfirm>
                )}
                {user.disabled ? (
                  <Button type="link" size="small" onClick={() => act(user, 'enable', '已启用')}>
                    启用
                  </Button>
                ) : (
                  user.id !== me.id && (
                    <Popconfirm
                      title={`停用 ${user.username}？`}
                      description="停用后不能登录，现有登录立即退出；可随时启用。"
                      okText="停用"
                      okButtonProps={{ danger: true }}
                      cancelText="取消"
                      onConfirm={() => act(user, 'disable', '已停用')}
                    >
                      <Button type="link" size="small" danger>
                        停用
                      </Button>
                    </Popconfirm>
                  )
                )}
              </Space>
            ),
          },
        ]}
      />
      <EditUserModal
        user={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          reload();
        }}
      />
    </Card>
  );
}
