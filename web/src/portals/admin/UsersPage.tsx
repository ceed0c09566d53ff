// 账户管理 (system admin): platform accounts, their role, organisation and lock state.
import { useState } from 'react';
import { App, Button, Card, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { post, query } from '../../api';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import type { Page, UserRow } from '../../types';
import CreateUserButton from './CreateUserButton';

const PAGE_SIZE = 20;

export default function UsersPage() {
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useApi<Page<UserRow>>(`/api/users${query({ page, pageSize: PAGE_SIZE })}`);
  const { message } = App.useApp();
  const showProblem = useProblem();

  async function unlock(user: UserRow) {
    try {
      await post(`/api/users/${encodeURIComponent(user.id)}/unlock`);
      message.success(`已解除 ${user.username} 的锁定`);
      reload();
    } catch (err) {
      showProblem(err);
    }
  }

  return (
    <Card title="账户管理" extra={<CreateUserButton onCreated={reload} />}>
      {error && <ProblemAlert error={error} />}
      <Table<UserRow>
        rowKey="id"
        loading={loading}
        dataSource={data?.items}
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
            dataIndex: 'lockedUntil',
            render: (until: string | null, user) =>
              until && dayjs(until).isAfter(dayjs()) ? (
                <>
                  <Tag color="red">锁定至 {fmtDateTime(until)}</Tag>
                  <Button type="link" size="small" onClick={() => unlock(user)}>
                    解锁
                  </Button>
                </>
              ) : (
                <Tag color="green">正常</Tag>
              ),
          },
          { title: '创建时间', dataIndex: 'createdAt', render: fmtDateTime },
        ]}
      />
    </Card>
  );
}
