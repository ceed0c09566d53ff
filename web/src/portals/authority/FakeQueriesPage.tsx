// 疑似假证 (CER-5): verifications of numbers that do not exist or with a wrong name, counted by number
// and by source, in the regulator's jurisdiction.
import { useState } from 'react';
import { Card, Col, Flex, Row, Segmented, Table, Tag } from 'antd';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface ByNumber {
  number: string;
  count: number;
  sources: number;
  last: string;
}
interface BySource {
  clientIp: string;
  count: number;
  numbers: number;
  last: string;
}
interface Miss {
  id: number;
  number: string;
  nameMasked: string;
  reason: string;
  clientIp: string;
  userAgent: string;
  at: string;
}
const REASONS: Record<string, { label: string; color: string }> = {
  no_such_number: { label: '证号不存在', color: 'red' },
  wrong_name: { label: '姓名不符', color: 'orange' },
  bad_token: { label: '签名无效', color: 'magenta' },
};

export default function FakeQueriesPage() {
  const [days, setDays] = useState(30);
  const { data, error, loading } = useApi<{ byNumber: ByNumber[]; bySource: BySource[]; recent: Miss[] }>(
    `/api/certificates/fake-queries?days=${days}`,
  );
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      <Segmented
        value={days}
        onChange={(v) => setDays(Number(v))}
        options={[
          { value: 7, label: '近 7 天' },
          { value: 30, label: '近 30 天' },
          { value: 90, label: '近 90 天' },
        ]}
      />
      <Row gutter={16}>
        <Col span={12}>
          <Card title="按证号（同一证号被反复查询未果，可能是假证在流通）">
            <Table<ByNumber>
              rowKey="number"
              size="small"
              loading={loading}
              dataSource={data?.byNumber}
              pagination={{ pageSize: 10 }}
              columns={[
                { title: '证号', dataIndex: 'number' },
                { title: '次数', dataIndex: 'count' },
                { title: '来源数', dataIndex: 'sources' },
                { title: '最近', dataIndex: 'last', render: fmtDateTime },
              ]}
            />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="按来源（同一来源查询大量不同证号，可能是批量试探）">
            <Table<BySource>
              rowKey="clientIp"
              size="small"
              loading={loading}
              dataSource={data?.bySource}
              pagination={{ pageSize: 10 }}
              columns={[
                { title: '来源地址', dataIndex: 'clientIp' },
                { title: '次数', dataIndex: 'count' },
                { title: '证号数', dataIndex: 'numbers' },
                { title: '最近', dataIndex: 'last', render: fmtDateTime },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card title="最近的未果查询">
        <Table<Miss>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={data?.recent}
          columns={[
            { title: '时间', dataIndex: 'at', render: fmtDateTime },
            { title: '证号', dataIndex: 'number' },
            { title: '姓名', dataIndex: 'nameMasked' },
            {
              title: '情况',
              dataIndex: 'reason',
              render: (r: string) => <Tag color={REASONS[r]?.color}>{REASONS[r]?.label ?? r}</Tag>,
            },
            { title: '来源', dataIndex: 'clientIp' },
            { title: '浏览器', dataIndex: 'userAgent', ellipsis: true },
          ]}
        />
      </Card>
    </Flex>
  );
}
