// 审计日志 (SEC-1): every write in a keyed chain, its head signed into checkpoints kept outside the database.
import { useState } from 'react';
import type { Dayjs } from 'dayjs';
import { Alert, Button, Card, DatePicker, Flex, Input, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, FileProtectOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
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
  const [filter, setFilter] = useState<{ action?: string; actor?: string; from?: string; to?: string }>({});
  const filterQuery = query({ ...filter });
  const { data, error, loading } = useApi<Page<AuditRow>>(
    `/api/audit${query({ ...filter, page, pageSize: PAGE_SIZE })}`,
  );
  const actions = useApi<{ items: Array<{ value: string; label: string }> }>('/api/audit/actions');
  const change = (next: Partial<typeof filter>) => {
    setFilter((f) => ({ ...f, ...next }));
    setPage(1);
  };
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
        <Flex gap={8} wrap align="center">
          <Select
            allowClear
            showSearch
            placeholder="操作"
            style={{ width: 220 }}
            optionFilterProp="label"
            loading={actions.loading}
            options={actions.data?.items.map((a) => ({ value: a.value, label: a.label }))}
            onChange={(v?: string) => change({ action: v })}
          />
          <Input.Search
            allowClear
            placeholder="操作人姓名"
            style={{ width: 180 }}
            onSearch={(v) => change({ actor: v.trim() || undefined })}
          />
          <DatePicker.RangePicker
            placeholder={['开始日期', '结束日期']}
            onChange={(range: [Dayjs | null, Dayjs | null] | null) =>
              change({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
            }
          />
          <Button icon={<DownloadOutlined />} href={`/api/audit/export.xlsx${filterQuery}`}>
            导出 Excel
          </Button>
          <Typography.Text type="secondary">按当前筛选导出，最多 10000 条</Typography.Text>
        </Flex>
        <Typography.Text type="secondary">
          按记录写入的先后（序号）排列，最新写入的在前，这也是防篡改链的顺序；标「补录」的记录，其发生时间早于前一条记录（事后录入的既往事项，如演示数据、历史补录）。
        </Typography.Text>
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
            {
              title: '发生时间',
              dataIndex: 'at',
              width: 170,
              render: (at: string, r) => (
                <>
                  {fmtDateTime(at)}
                  {r.backdated && (
                    <Tooltip title="发生时间早于序号在前的记录：该事项是事后录入的，在审计链中按写入顺序排在这里">
                      <Tag color="orange" style={{ marginLeft: 4 }}>
                        补录
                      </Tag>
                    </Tooltip>
                  )}
                </>
              ),
            },
            {
              title: '操作人',
              dataIndex: 'actorName',
              render: (name: string, r: AuditRow) => (
                <Flex vertical>
                  <span>{name}</span>
                  {(r.actorRoleLabel || r.actorOrgName) && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {[r.actorRoleLabel, r.actorOrgName].filter(Boolean).join(' · ')}
                    </Typography.Text>
                  )}
                </Flex>
              ),
            },
            {
              title: '操作',
              dataIndex: 'actionLabel',
              render: (label: string, r: AuditRow) => (
                <span title={r.action} style={{ whiteSpace: 'nowrap' }}>
                  {label}
                </span>
              ),
            },
            {
              title: '对象',
              dataIndex: 'entityId',
              render: (id: string, r: AuditRow) => (
                <Flex vertical>
                  <span>
                    {r.entityTypeLabel}
                    {r.entityName && `：${r.entityName}`}
                  </span>
                  <Typography.Text type="secondary" style={{ ...mono, fontSize: 12 }} copyable={{ text: id }}>
                    {id.length > 12 ? `${id.slice(0, 8)}…` : id}
                  </Typography.Text>
                </Flex>
              ),
            },
            { title: '地区', dataIndex: 'regionName', render: (n: string | null) => n ?? '—' },
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
