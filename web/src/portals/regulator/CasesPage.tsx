// 案件办理 (SUP-4): the jurisdiction's enforcement cases — proposed by integrity warnings and
// 持证上岗 checks, opened by hand, from findings or reports — and the violation catalogue they cite.
import { useState } from 'react';
import { Button, Flex, Select, Table, Tabs, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

import { NewCaseModal, type Catalogue, type Violation } from './NewCaseModal';

export type { Catalogue, Violation };
interface CaseRow {
  id: string;
  caseNo: string;
  status: string;
  statusLabel: string;
  sourceLabel: string;
  partyKindLabel: string;
  partyName: string;
  principalName: string | null;
  regionName: string;
  violation: Violation | null;
  createdAt: string;
}

export const STATUS_COLORS: Record<string, string> = {
  proposed: 'orange',
  open: 'blue',
  decided: 'green',
  dismissed: 'default',
};
const yuan = (n: number) => n.toLocaleString('zh-CN');

export function CatalogueTable({ data }: { data: Catalogue }) {
  return (
    <Table<Violation>
      rowKey="code"
      size="small"
      pagination={false}
      dataSource={data.items}
      columns={[
        { title: '代码', dataIndex: 'code', width: 80 },
        {
          title: '主体',
          dataIndex: 'party',
          width: 130,
          render: (p: string) => data.partyKinds[p],
          filters: Object.entries(data.partyKinds).map(([value, text]) => ({ value, text })),
          onFilter: (v, r) => r.party === v,
        },
        { title: '违法违规行为', dataIndex: 'title' },
        { title: '法律依据', dataIndex: 'legalBasis', width: 260 },
        {
          title: '可适用的处罚',
          key: 'sanctions',
          width: 300,
          render: (_: unknown, v) => (
            <Flex wrap gap={4}>
              {v.sanctions.map((s) => (
                <Tag key={s}>
                  {data.sanctionKinds[s]}
                  {s === 'fine' && v.fine ? ` ${yuan(v.fine.min)}–${yuan(v.fine.max)} 元` : ''}
                  {s === 'suspend' && v.maxSuspendMonths ? ` ≤${v.maxSuspendMonths} 个月` : ''}
                </Tag>
              ))}
              {v.principalFine && (
                <Tag color="purple">
                  一案双罚：主要负责人 {yuan(v.principalFine.min)}–{yuan(v.principalFine.max)} 元
                </Tag>
              )}
            </Flex>
          ),
        },
      ]}
    />
  );
}

export default function CasesPage() {
  const navigate = useNavigate();
  const [status, setStatus] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const cases = useApi<{ items: CaseRow[] }>(`/api/cases${status ? `?status=${status}` : ''}`);
  const catalogue = useApi<Catalogue>('/api/violations');
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        案件办理
      </Typography.Title>
      {cases.error && <ProblemAlert error={cases.error} />}
      <Tabs
        items={[
          {
            key: 'cases',
            label: '执法案件',
            children: (
              <Flex vertical gap={12}>
                <Flex gap={12}>
                  <Select
                    allowClear
                    placeholder="全部状态"
                    style={{ width: 180 }}
                    value={status}
                    onChange={setStatus}
                    options={[
                      { value: 'proposed', label: '建议立案' },
                      { value: 'open', label: '已立案' },
                      { value: 'decided', label: '已作出处罚决定' },
                      { value: 'dismissed', label: '不予立案／撤销' },
                    ]}
                  />
                  <Button type="primary" disabled={!catalogue.data} onClick={() => setCreating(true)}>
                    立案
                  </Button>
                </Flex>
                <Table<CaseRow>
                  rowKey="id"
                  size="middle"
                  loading={cases.loading}
                  dataSource={cases.data?.items}
                  onRow={(r) => ({
                    onClick: () => navigate(`/supervision/cases/${r.id}`),
                    style: { cursor: 'pointer' },
                  })}
                  columns={[
                    { title: '案号', dataIndex: 'caseNo', width: 170 },
                    {
                      title: '状态',
                      dataIndex: 'statusLabel',
                      width: 130,
                      render: (l: string, r) => <Tag color={STATUS_COLORS[r.status]}>{l}</Tag>,
                    },
                    {
                      title: '当事单位',
                      key: 'party',
                      render: (_: unknown, r) => (
                        <>
                          {r.partyName} <Typography.Text type="secondary">{r.partyKindLabel}</Typography.Text>
                          {r.principalName && <div>主要负责人：{r.principalName}</div>}
                        </>
                      ),
                    },
                    {
                      title: '违法行为',
                      key: 'v',
                      render: (_: unknown, r) => (r.violation ? `${r.violation.code} ${r.violation.title}` : '—'),
                    },
                    { title: '来源', dataIndex: 'sourceLabel', width: 150 },
                    { title: '地区', dataIndex: 'regionName', width: 160 },
                    { title: '立案时间', dataIndex: 'createdAt', width: 150, render: fmtDateTime },
                  ]}
                />
              </Flex>
            ),
          },
          {
            key: 'catalogue',
            label: '违法行为目录',
            children: catalogue.data ? (
              <Flex vertical gap={8}>
                <Typography.Text type="secondary">
                  目录版本 {catalogue.data.version} · 共 {catalogue.data.items.length}{' '}
                  项（培训机构、考试机构、生产经营单位三类主体）
                </Typography.Text>
                <CatalogueTable data={catalogue.data} />
              </Flex>
            ) : null,
          },
        ]}
      />
      {creating && catalogue.data && (
        <NewCaseModal
          catalogue={catalogue.data}
          onCancel={() => setCreating(false)}
          onDone={(c) => navigate(`/supervision/cases/${c.id}`)}
        />
      )}
    </Flex>
  );
}
