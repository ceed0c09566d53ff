// 行政处罚信息公示 (SUP-7): the penalty decisions regulators have made public — public, no login. The
// party is an organisation and named; the principal's name comes masked and no personal data is shown.
import { Card, Flex, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

export interface PublishedPenalty {
  caseNo: string;
  partyName: string;
  partyKindLabel: string;
  regionName: string;
  principalName: string | null;
  violationCode: string;
  violationTitle: string;
  legalBasis: string;
  sanctions: Array<{ kind: string; text: string; inForce: boolean | null; lifted: boolean }>;
  fineYuan: number | null;
  principalFineYuan: number | null;
  decidedOn: string | null;
  publishedOn: string;
}

export default function PenaltiesPage() {
  const [params] = useSearchParams();
  const [q, setQ] = useState(params.get('caseNo') ?? '');
  const { data, error, loading } = useApi<{ items: PublishedPenalty[] }>('/api/public/penalties');
  const items = (data?.items ?? []).filter((p) => !q || p.caseNo.includes(q) || p.partyName.includes(q));
  return (
    <Flex vertical align="center" gap={24} style={{ padding: 24 }}>
      <Card
        title="行政处罚信息公示"
        style={{ width: 1200 }}
        extra={
          <Space>
            <Typography.Link href="/public/institutions">培训机构与考试点名单</Typography.Link>
            <Typography.Link href="/login">登录</Typography.Link>
          </Space>
        }
      >
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">
            特种作业安全培训、考试和持证上岗专项整治中作出并公示的行政处罚决定。
          </Typography.Text>
          <Input.Search
            allowClear
            placeholder="案号 / 当事单位"
            defaultValue={q}
            onSearch={(v) => setQ(v.trim())}
            style={{ width: 320 }}
          />
          {error && <ProblemAlert error={error} />}
          <Table<PublishedPenalty>
            rowKey="caseNo"
            loading={loading}
            dataSource={items}
            locale={{ emptyText: '暂无公示的处罚决定' }}
            columns={[
              { title: '案号', dataIndex: 'caseNo', width: 160 },
              {
                title: '当事单位',
                key: 'party',
                render: (_: unknown, p) => (
                  <>
                    {p.partyName}
                    <div>
                      <Typography.Text type="secondary">
                        {p.partyKindLabel} · {p.regionName}
                      </Typography.Text>
                    </div>
                    {p.principalName && <div>主要负责人：{p.principalName}</div>}
                  </>
                ),
              },
              {
                title: '违法行为',
                key: 'v',
                render: (_: unknown, p) => (
                  <>
                    {p.violationTitle}
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        依据：{p.legalBasis}
                      </Typography.Text>
                    </div>
                  </>
                ),
              },
              {
                title: '处罚措施',
                key: 's',
                width: 300,
                render: (_: unknown, p) => (
                  <Flex vertical gap={4}>
                    {p.sanctions.map((s, i) => (
                      <span key={i}>
                        {s.text}
                        {s.lifted ? (
                          <Tag style={{ marginLeft: 4 }}>已解除</Tag>
                        ) : s.inForce ? (
                          <Tag color="red" style={{ marginLeft: 4 }}>
                            执行中
                          </Tag>
                        ) : null}
                      </span>
                    ))}
                  </Flex>
                ),
              },
              { title: '决定日期', dataIndex: 'decidedOn', width: 110 },
              { title: '公示日期', dataIndex: 'publishedOn', width: 110 },
            ]}
          />
        </Flex>
      </Card>
    </Flex>
  );
}
