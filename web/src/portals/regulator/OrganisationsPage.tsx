// 机构管理: organisations in the caller's scope, filtered by kind; system admins may create one.
import { useState } from 'react';
import { Card, Flex, Input, Select, Table, Tag } from 'antd';
import { query } from '../../api';
import { useSession } from '../../app/auth';
import CreateOrganisationButton from '../admin/CreateOrganisationButton';
import { ORG_KIND_OPTIONS, REGION_LEVEL_OPTIONS, labelOf } from '../../shared/labels';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import type { Organisation, OrgKind, Page } from '../../types';

const PAGE_SIZE = 20;

export default function OrganisationsPage() {
  const { menu } = useSession();
  const [kind, setKind] = useState<OrgKind>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useApi<Page<Organisation>>(
    `/api/organisations${query({ kind, q, page, pageSize: PAGE_SIZE })}`,
  );

  return (
    <Card
      title="机构管理"
      extra={menu.includes('organisations.manage') && <CreateOrganisationButton onCreated={reload} />}
    >
      <Flex vertical gap={16}>
        <Flex gap={12} wrap>
          <Select<OrgKind>
            value={kind}
            onChange={(v) => {
              setKind(v);
              setPage(1);
            }}
            options={ORG_KIND_OPTIONS}
            placeholder="全部类别"
            allowClear
            style={{ width: 180 }}
          />
          <Input.Search
            placeholder="机构名称 / 统一社会信用代码"
            enterButton="查询"
            allowClear
            maxLength={100}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
            style={{ width: 360 }}
          />
        </Flex>
        {error && <ProblemAlert error={error} />}
        <Table<Organisation>
          rowKey="id"
          loading={loading}
          dataSource={data?.items}
          locale={{ emptyText: '没有符合条件的机构' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data?.total,
            showSizeChanger: false,
            showTotal: (total) => `共 ${total} 家`,
            onChange: setPage,
          }}
          columns={[
            { title: '类别', dataIndex: 'kindLabel', width: 130, render: (label: string) => <Tag>{label}</Tag> },
            { title: '名称', dataIndex: 'name' },
            { title: '所在地区', dataIndex: 'regionName' },
            {
              title: '级别',
              dataIndex: 'level',
              width: 80,
              render: (level: string | null) => (level ? labelOf(REGION_LEVEL_OPTIONS, level) : '—'),
            },
            { title: '统一社会信用代码', dataIndex: 'creditCode', render: (code: string | null) => code ?? '—' },
          ]}
        />
      </Flex>
    </Card>
  );
}
