// 新建账户: username, name, initial password, role and the organisation the account belongs to.
import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { post, query } from '../../api';
import { ROLE_OPTIONS, ROLE_ORG_KIND, type StaffRole } from '../../shared/labels';
import { applyFieldErrors, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import type { Organisation, Page } from '../../types';

interface Values {
  username: string;
  displayName: string;
  password: string;
  role: StaffRole | 'worker';
  orgId?: string;
  workerIdNumber?: string;
}

/** Staff roles, and the worker's own account (linked to a registered person by ID number). */
const CREATE_ROLE_OPTIONS = [...ROLE_OPTIONS, { value: 'worker' as const, label: '特种作业人员（本人账户）' }];

/** Organisations of the kind the role belongs to, searched by name on the server. */
function OrganisationSelect({
  id,
  role,
  value,
  onChange,
}: {
  id?: string;
  role?: StaffRole;
  value?: string;
  onChange?: (id: string) => void;
}) {
  const [q, setQ] = useState('');
  const path = role ? `/api/organisations${query({ kind: ROLE_ORG_KIND[role], q, pageSize: 50 })}` : null;
  const { data, loading } = useApi<Page<Organisation>>(path);
  const options = data?.items.map((o) => ({ value: o.id, label: `${o.name}（${o.regionName}）` }));
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      options={options}
      loading={loading}
      showSearch={{ onSearch: setQ, filterOption: false }}
      placeholder={role ? '输入名称搜索机构' : '请先选择角色'}
      disabled={!role}
      notFoundContent="没有符合条件的机构"
    />
  );
}

export default function CreateUserButton({ onCreated }: { onCreated: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const role = Form.useWatch('role', form);
  const { message } = App.useApp();
  const showProblem = useProblem();

  async function onFinish(v: Values) {
    setBusy(true);
    try {
      const link =
        v.role === 'worker' ? { workerIdNumber: v.workerIdNumber?.trim().toUpperCase() } : { orgId: v.orgId };
      await post('/api/users', {
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        password: v.password,
        role: v.role,
        ...link,
      });
      message.success(`账户 ${v.username} 已创建`);
      setOpen(false);
      onCreated();
    } catch (err) {
      if (!applyFieldErrors(form, err)) showProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
        新建账户
      </Button>
      <Modal
        title="新建账户"
        open={open}
        okText="创建"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={onFinish} preserve={false}>
          <Form.Item
            name="username"
            label="用户名"
            rules={[
              {
                required: true,
                pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/,
                message: '3–32 位字母、数字、点、下划线或连字符，以字母或数字开头',
              },
            ]}
            extra="保存为小写字母。"
          >
            <Input maxLength={32} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="displayName"
            label="姓名"
            rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            name="password"
            label="初始密码"
            rules={[
              { required: true, pattern: /^(?=.*[A-Za-z])(?=.*\d).{8,}$/, message: '至少 8 位，须同时包含字母和数字' },
            ]}
            extra="请通过安全渠道告知账户使用人。"
          >
            <Input.Password maxLength={128} autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
            <Select options={CREATE_ROLE_OPTIONS} onChange={() => form.setFieldValue('orgId', undefined)} />
          </Form.Item>
          {role === 'worker' ? (
            <Form.Item
              name="workerIdNumber"
              label="身份证号"
              rules={[{ required: true, pattern: /^\d{17}[\dXx]$/, message: '请输入 18 位公民身份号码' }]}
              extra="须为已在平台登记的人员；一人只能有一个账户。"
            >
              <Input maxLength={18} autoComplete="off" />
            </Form.Item>
          ) : (
            <Form.Item name="orgId" label="所属机构" rules={[{ required: true, message: '请选择所属机构' }]}>
              <OrganisationSelect role={role} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
