// 已备案培训机构名单 (INS-1): public, no login; published at once when the province records a filing.
import { Card, Flex, Space, Table, Tag, Typography } from 'antd';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { fmtDate } from '../../shared/format';

interface PublicInstitution {
  name: string;
  creditCode: string | null;
  regionName: string;
  scope: { code: string; name: string }[];
  filedAt: string;
  rating: { rating: string; year: number } | null;
  sanction: { state: string; text: string; ref: string | null } | null;
}

interface PublicSite {
  id: string;
  name: string;
  address: string;
  regionName: string;
  itemCodes: string[];
  seats: number;
  sanction: { text: string; ref: string | null } | null;
}

const GRADE_COLORS: Record<string, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' };
// SUP-7: the sanction in force (suspended until a day) beside the name; eliminated or cancelled ones are not listed.
// A sanction whose decision is published (行政处罚信息公示) links to it.
const SanctionTag = ({ s, published }: { s: { text: string; ref: string | null } | null; published: Set<string> }) =>
  s ? (
    <Tag color="red">
      {s.text}
      {s.ref ? (
        <>
          （
          {published.has(s.ref) ? <a href={`/public/penalties?caseNo=${encodeURIComponent(s.ref)}`}>{s.ref}</a> : s.ref}
          ）
        </>
      ) : (
        ''
      )}
    </Tag>
  ) : (
    <Tag color="green">正常</Tag>
  );

export default function InstitutionsListPage() {
  const { data, error, loading } = useApi<{ items: PublicInstitution[] }>('/api/public/institutions');
  const sites = useApi<{ items: PublicSite[] }>('/api/public/exam-sites');
  // SUP-7, EXM-11: the sites' published annual grade, beside each site.
  const siteRatings = useApi<{ items: Array<{ siteId: string; rating: string; year: number }> }>(
    '/api/public/exam-site-ratings',
  );
  const siteRating = new Map((siteRatings.data?.items ?? []).map((r) => [r.siteId, r]));
  const penalties = useApi<{ items: Array<{ caseNo: string }> }>('/api/public/penalties');
  const published = new Set((penalties.data?.items ?? []).map((p) => p.caseNo));
  return (
    <Flex vertical align="center" gap={24} style={{ padding: 24 }}>
      <Card
        title="已备案安全生产培训机构名单"
        style={{ width: 1100 }}
        extra={
          <Space>
            <Typography.Link href="/public/penalties">行政处罚信息公示</Typography.Link>
            <Typography.Link href="/login">登录</Typography.Link>
          </Space>
        }
      >
        {error && <ProblemAlert error={error} />}
        <Table<PublicInstitution>
          rowKey={(r) => `${r.name}${r.filedAt}`}
          loading={loading}
          dataSource={data?.items}
          locale={{ emptyText: '暂无已备案机构' }}
          columns={[
            { title: '机构名称', dataIndex: 'name' },
            { title: '统一社会信用代码', dataIndex: 'creditCode' },
            { title: '所在地区', dataIndex: 'regionName' },
            {
              title: '培训范围',
              dataIndex: 'scope',
              render: (s: PublicInstitution['scope']) => s.map((i) => <Tag key={i.code}>{i.name}</Tag>),
            },
            { title: '备案日期', dataIndex: 'filedAt', render: (v: string) => fmtDate(v) },
            {
              title: '年度评级',
              dataIndex: 'rating',
              render: (r: PublicInstitution['rating']) =>
                r ? (
                  <Tag color={GRADE_COLORS[r.rating]}>
                    {r.year} 年 {r.rating} 级
                  </Tag>
                ) : (
                  '未评级'
                ),
            },
            {
              title: '处罚情况',
              dataIndex: 'sanction',
              render: (s: PublicInstitution['sanction']) => <SanctionTag s={s} published={published} />,
            },
          ]}
        />
      </Card>
      <Card title="已验收考试点名单" style={{ width: 1100 }}>
        {sites.error && <ProblemAlert error={sites.error} />}
        <Table<PublicSite>
          rowKey="id"
          loading={sites.loading}
          dataSource={sites.data?.items}
          locale={{ emptyText: '暂无考试点' }}
          columns={[
            { title: '考试点', dataIndex: 'name' },
            { title: '地址', dataIndex: 'address' },
            { title: '所在地区', dataIndex: 'regionName' },
            { title: '考位', dataIndex: 'seats', width: 80 },
            {
              title: '年度评级',
              key: 'rating',
              width: 120,
              render: (_: unknown, r: PublicSite) =>
                ((x) =>
                  x ? (
                    <Tag color={GRADE_COLORS[x.rating]}>
                      {x.year} 年 {x.rating} 级
                    </Tag>
                  ) : (
                    '未评级'
                  ))(siteRating.get(r.id)),
            },
            {
              title: '处罚情况',
              dataIndex: 'sanction',
              render: (s: PublicSite['sanction']) => <SanctionTag s={s} published={published} />,
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
