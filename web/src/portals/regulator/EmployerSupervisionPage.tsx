// 用人单位监管 (EMP-2, EMP-3): the jurisdiction's employers with employment filings overdue or filed
// late, the certificate alerts of the people they use, and the ledgers behind them.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Flex, Select, Space, Table, Tag } from 'antd';
import { post, query } from '../../api';
import { ProblemAlert, RuleTag, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { EmploymentTable } from '../employer/LedgerPage';
import { ALERT_COLORS, ALERT_OPTIONS, FILING_OPTIONS, type CertificateAlert, type Employment } from '../employer/types';

interface Proposal {
  id: string;
  employerName: string;
  parties: string[];
  workerId: string;
  workerName: string;
  itemCode: string;
  itemName: string | null;
  groundLabel: string;
  status: 'proposed' | 'accepted' | 'dismissed';
  proposedAt: string;
  decisionNote: string | null;
}

interface Row {
  employerOrgId: string;
  employerName: string;
  regionName: string;
  overdue: number;
  filedLate: number;
  oldestDue: string | null;
}

export default function EmployerSupervisionPage() {
  const summary = useApi<{ items: Row[] }>('/api/employments/supervision');
  const [filing, setFiling] = useState<string | undefined>('overdue');
  const [alert, setAlert] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const ledger = useApi<{ items: Employment[]; total: number }>(
    `/api/employments${query({ filing, alert, page, pageSize: 20 })}`,
  );
  const alerts = useApi<{ counts: Record<CertificateAlert, number> }>('/api/employments/alerts');
  return (
    <Flex vertical gap={16}>
      {summary.error && <ProblemAlert error={summary.error} />}
      <CaseProposals />
      <Card title="聘用备案逾期的生产经营单位（聘用之日起 15 日内须备案）">
        <Table<Row>
          rowKey="employerOrgId"
          size="small"
          loading={summary.loading}
          dataSource={summary.data?.items}
          pagination={false}
          columns={[
            { title: '生产经营单位', dataIndex: 'employerName' },
            { title: '地区', dataIndex: 'regionName' },
            { title: '逾期未备案', dataIndex: 'overdue', render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
            {
              title: '逾期备案',
              dataIndex: 'filedLate',
              render: (n: number) => (n ? <Tag color="orange">{n}</Tag> : 0),
            },
            { title: '最早期限', dataIndex: 'oldestDue', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>
      <Card title="辖区在岗人员的证书预警">
        <Space wrap>
          {ALERT_OPTIONS.map((o) => (
            <Button
              key={o.value}
              onClick={() => {
                setAlert(o.value);
                setFiling(undefined);
                setPage(1);
              }}
            >
              <Tag color={ALERT_COLORS[o.value]} style={{ marginInlineEnd: 0 }}>
                {o.label}
              </Tag>{' '}
              {alerts.data?.counts[o.value] ?? '…'} 人
            </Button>
          ))}
        </Space>
      </Card>
      <Card
        title="辖区特种作业人员台账"
        extra={
          <Space>
            <Select
              allowClear
              placeholder="证书预警"
              value={alert}
              onChange={(v) => {
                setAlert(v);
                setPage(1);
              }}
              options={ALERT_OPTIONS}
              style={{ width: 150 }}
            />
            <Select
              allowClear
              placeholder="备案状态"
              value={filing}
              onChange={(v) => {
                setFiling(v);
                setPage(1);
              }}
              options={FILING_OPTIONS}
              style={{ width: 160 }}
            />
          </Space>
        }
      >
        {ledger.error && <ProblemAlert error={ledger.error} />}
        <EmploymentTable data={ledger.data} loading={ledger.loading} page={page} onPage={setPage} showEmployer />
      </Card>
    </Flex>
  );
}

const STATUS_LABELS: Record<Proposal['status'], string> = {
  proposed: '待处理',
  accepted: '已立案',
  dismissed: '不予立案',
};

/** EMP-4: workers used on an operation without a valid certificate → one case against the employer and its principal. */
function CaseProposals() {
  const [status, setStatus] = useState<string | undefined>('proposed');
  const proposals = useApi<{ items: Proposal[] }>(`/api/employer-cases${query({ status })}`);
  const showProblem = useProblem();
  const decide = async (p: Proposal, decision: 'accept' | 'dismiss') => {
    const note = decision === 'dismiss' ? window.prompt('不予立案的理由') : '';
    if (note === null) return;
    try {
      await post(`/api/employer-cases/${p.id}/decide`, { decision, note: note || undefined });
      proposals.reload();
    } catch (err) {
      showProblem(err);
    }
  };
  return (
    <Card
      title={
        <>
          使用无有效证书人员：一案双罚立案建议 <RuleTag rule="EMP-4" />
        </>
      }
      extra={
        <Select
          allowClear
          placeholder="状态"
          value={status}
          onChange={setStatus}
          style={{ width: 120 }}
          options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        />
      }
    >
      {proposals.error && <ProblemAlert error={proposals.error} />}
      <Table<Proposal>
        rowKey="id"
        size="small"
        loading={proposals.loading}
        dataSource={proposals.data?.items}
        pagination={{ pageSize: 10 }}
        columns={[
          { title: '当事人', dataIndex: 'parties', render: (p: string[]) => p.join('、') },
          {
            title: '作业人员',
            dataIndex: 'workerName',
            render: (v: string, p) => <Link to={`/workers/${p.workerId}`}>{v}</Link>,
          },
          {
            title: '作业项目',
            render: (_: unknown, p) => (p.itemCode ? `${p.itemCode} ${p.itemName}` : '—（核验查无此证）'),
          },
          { title: '问题', dataIndex: 'groundLabel', render: (v: string) => <Tag color="red">{v}</Tag> },
          {
            title: '发现时间',
            dataIndex: 'proposedAt',
            render: (v: string) => new Date(v).toLocaleDateString('zh-CN'),
          },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: Proposal['status'], p) => (
              <>
                {STATUS_LABELS[s]}
                {p.decisionNote ? `（${p.decisionNote}）` : ''}
              </>
            ),
          },
          {
            title: '操作',
            key: 'a',
            render: (_: unknown, p) =>
              p.status === 'proposed' && (
                <Space>
                  <Button size="small" type="link" onClick={() => decide(p, 'accept')}>
                    立案
                  </Button>
                  <Button size="small" type="link" danger onClick={() => decide(p, 'dismiss')}>
                    不予立案
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
