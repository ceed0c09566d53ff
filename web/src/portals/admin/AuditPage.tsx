// 审计日志 (SEC-1): every write in a keyed chain, its head signed into checkpoints kept outside the database.
import { useState } from 'react';
import { Alert, Button, Card, Flex, Table, Tooltip, Typography } from 'antd';
import { FileProtectOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { get, post, query } from '../../api';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert, RuleTag, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import type { AuditCheckpoint, AuditRow, AuditVerification, Page } from '../../types';

const PAGE_SIZE = 20;
const mono = { fontFamily: 'monospace' };

function VerificationAlert({ result }: { result: AuditVerification }) {
  if (result.ok) {
    return (
      <Alert
        type="success"
        showIcon
        title={`审计链完整：已校验全部 ${result.count} 条记录，未发现篡改。`}
        description={
          result.checkpoint
            ? `已对照 ${fmtDateTime(result.checkpoint.at)} 的签名检查点（记录 ${result.checkpoint.seq}）。`
            : '尚无签名检查点：链尾被截断无法发现，请生成检查点。'
        }
      />
    );
  }
  const broken = result.firstBroken;
  return (
    <Alert
      type="error"
      showIcon
      title="审计链校验未通过"
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
  const checkpoints = useApi<{ items: AuditCheckpoint[]; publicKey: { kid: string } }>('/api/audit/checkpoints');
  const [signing, setSigning] = useState(false);

  async function sign() {
    setSigning(true);
    try {
      await post<AuditCheckpoint>('/api/audit/checkpoints');
      checkpoints.reload();
    } catch (err) {
      showProblem(err);
    } finally {
      setSigning(false);
    }
  }

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
        <Flex gap={8}>
          <Button icon={<FileProtectOutlined />} loading={signing} onClick={sign}>
            生成签名检查点
          </Button>
          <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={verify}>
            校验审计链
          </Button>
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        {verification && <VerificationAlert result={verification} />}
        {error && <ProblemAlert error={error} />}
        <Table<AuditCheckpoint>
          title={() => '签名检查点（每小时自动生成，保存在数据库之外，公开于 /api/public/audit/checkpoint）'}
          rowKey="signature"
          size="small"
          loading={checkpoints.loading}
          dataSource={checkpoints.data?.items.slice(0, 5)}
          pagination={false}
          columns={[
            { title: '签发时间', render: (_: unknown, c) => fmtDateTime(c.payload.at), width: 150 },
            { title: '截至记录', render: (_: unknown, c) => c.payload.seq, width: 90 },
            {
              title: '链头哈希',
              render: (_: unknown, c) => (
                <Tooltip title={c.payload.headHash}>
                  <Typography.Text style={mono}>{c.payload.headHash.slice(0, 12)}</Typography.Text>
                </Tooltip>
              ),
            },
            {
              title: '算法',
              render: (_: unknown, c) => `${c.payload.macAlgorithm} / ${c.payload.signatureAlgorithm}`,
            },
            {
              title: '密钥',
              render: (_: unknown, c) => <Typography.Text style={mono}>{c.payload.keyId}</Typography.Text>,
            },
          ]}
        />
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
