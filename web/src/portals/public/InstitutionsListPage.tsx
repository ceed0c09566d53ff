// 已备案培训机构名单 (INS-1): public, no login; published at once when the province records a filing.
import { Card, Flex, Table, Tag, Typography } from 'antd';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { fmtDate } from '../../shared/format';

interface PublicInstitution {
  name: string;
  creditCode: string | null;
  regionName: string;
  scope: { code: string; name: string }[];
  filedAt: string;
}

export default function InstitutionsListPage() {
  const { data, error, loading } = useApi<{ items: PublicInstitution[] }>('/api/public/institutions');
  return (
    <Flex justify="center" style={{ padding: 24 }}>
      <Card title="已备案安全生产培训机构名单" style={{ width: 1100 }} extra={<Typography.Link href="/login">登录</Typography.Link>}>
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
            { title: '培训范围', dataIndex: 'scope', render: (s: PublicInstitution['scope']) => s.map((i) => <Tag key={i.code}>{i.name}</Tag>) },
            { title: '备案日期', dataIndex: 'filedAt', render: (v: string) => fmtDate(v) },
          ]}
        />
      </Card>
    </Flex>
  );
}
