// 审计日志 (SEC-1): every write in a hash chain; anyone with access can verify the chain.
import { useState } from 'react';
import { Alert, Button, Card, Flex, Table, Tooltip, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { get, query } from '../../api';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert, RuleTag, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import type { AuditRow, AuditVerification, Page } from '../../types';

const PAGE_SIZE = 20;
const mono = { fontFamily: 'monospace' };

function VerificationAlert({ result }: { result: AuditVerification }) {
  if (result.ok) {
    return <Alert type="success" showIcon title={`哈希链完整：已校验全部 ${result.count} 条记录，未发现篡改。`} />;
  }
  const broken = result.firstBroken;
  return (
    <Alert
      type="error"
      showIcon
      title="哈希链校验未通过"
      description={
        broken
          ? `第一条异常记录：序号 ${broken.seq}（${broken.reason}）。已校验 ${result.count} 条记录。`
          : `已校验 ${result.count} 条记录。`
      }
    />
  );
}

export default function AuditPage() {
  const [page, setPage] = useState(1);
  const { data, error, loading } = useApi<Page<AuditRow>>(`/api/audit${query({ page, pageSize: PAGE_SIZE })}`);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [verifying, setVerifying] = useState(false);
  const showProblem = useProblem();

  async function verify() {
    setVerifying(true);
    try {
      setVerification(await get<AuditVerification>('/api/audit/verify'));
    } catch (err) {
      showProblem(err);
    } finally {
      setVerifying(false);
    }
  }

  return (
    <Card
      title={
        <>
          审计日志 <RuleTag rule="SEC-1" />
        </>
      }
      extra={
        <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={verify}>
          校验哈希链
        </Button>
      }
    >
      <Flex vertical gap={16}>
        {verification && <VerificationAlert result={verification} />}
        {error && <ProblemAlert error={error} />}
        <Table<AuditRow>
          rowKey="seq"
          size="small"
          loading={loading}
          dataSource={data?.items}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data?.total,
            showSizeChanger: false,
            showTotal: (total) => `共 ${total} 条`,
            onChange: setPage,
          }}
          columns={[
            { title: '序号', dataIndex: 'seq', width: 80 },
            { title: '时间', dataIndex: 'at', width: 150, render: fmtDateTime },
            { title: '操作人', dataIndex: 'actorName' },
            {
              title: '操作',
              dataIndex: 'actionLabel',
              render: (label: string, r: AuditRow) => (
                <span title={r.action} style={{ whiteSpace: 'nowrap' }}>
                  {label}
                </span>
              ),
            },
            { title: '对象类型', dataIndex: 'entityTypeLabel' },
            {
              title: '对象ID',
              dataIndex: 'entityId',
              ellipsis: true,
              render: (id: string) => (
                <Typography.Text style={mono} copyable={{ text: id }}>
                  {id}
                </Typography.Text>
              ),
            },
            {
              title: '哈希',
              dataIndex: 'hash',
              width: 150,
              render: (hash: string) => (
                <Tooltip title={hash}>
                  <Typography.Text style={mono}>{hash.slice(0, 12)}</Typography.Text>
                </Tooltip>
              ),
            },
          ]}
        />
      </Flex>
    </Card>
  );
}
