// 上岗前证书核验 (EMP-1): the employer checks a worker's special-operations certificate through the
// platform before putting them on the operation; every check is kept (who, when, what it answered).
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Table, Tag } from 'antd';
import { post } from '../../api';
import { RuleTag, applyFieldErrors, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface Check {
  id: string;
  number: string;
  holderNameMasked: string;
  result: string;
  resultLabel: string;
  itemCode: string | null;
  itemName: string | null;
  validUntil: string | null;
  checkedByName: string;
  checkedAt: string;
  /** CER-3 inbound: who answered — the platform's register or the national query platform — and when. */
  source: 'platform' | 'national';
  sourceName: string;
  sourceAnsweredAt: string;
  nationalUnavailable: boolean;
  national?: { outcome: string; reason: string | null; cached: boolean; stale: boolean } | null;
  certificates?: Array<{
    number: string;
    itemCode: string;
    itemName: string;
    status: string;
    statusLabel: string;
    validUntil: string;
    nextReviewDue: string | null;
  }>;
}

const RESULT_COLORS: Record<string, string> = {
  valid: 'green',
  review_overdue: 'orange',
  expired: 'red',
  revoked: 'red',
  cancelled: 'default',
  not_found: 'red',
};

export default function CertificateCheckPage() {
  const [form] = Form.useForm<{ number: string; name: string }>();
  const [last, setLast] = useState<Check | null>(null);
  const [busy, setBusy] = useState(false);
  const checks = useApi<{ items: Check[] }>('/api/employer/certificate-checks');
  const showProblem = useProblem();

  const submit = async (v: { number: string; name: string }) => {
    setBusy(true);
    try {
      setLast(await post<Check>('/api/employer/certificate-checks', v));
      checks.reload();
    } catch (err) {
      if (!applyFieldErrors(form, err)) showProblem(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <>
            上岗前证书核验 <RuleTag rule="EMP-1" />
          </>
        }
        extra={<Link to="/employer/ledger">返回台账</Link>}
      >
        <Form form={form} layout="inline" onFinish={submit} style={{ rowGap: 8 }}>
          <Form.Item name="number" rules={[{ required: true, message: '请输入证号' }]}>
            <Input placeholder="证号（T + 身份证号）" maxLength={30} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="name" rules={[{ required: true, message: '请输入姓名' }]}>
            <Input placeholder="持证人姓名" maxLength={30} style={{ width: 160 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            核验
          </Button>
        </Form>
        {last && (
          <div style={{ marginTop: 16 }}>
            <Alert
              showIcon
              type={last.result === 'valid' ? 'success' : 'error'}
              title={`核验结果：${last.resultLabel}`}
              description={
                last.result === 'valid'
                  ? '可安排其从事证书所列的作业项目。'
                  : '证书无效或查无此证的人员不得安排从事特种作业；仍在台账中使用的，平台将提出对单位及其主要负责人一案双罚的立案建议。疑似假证请向属地应急管理部门报告。'
              }
            />
            <Alert
              data-testid="check-source"
              style={{ marginTop: 8 }}
              type={last.nationalUnavailable ? 'warning' : 'info'}
              showIcon
              title={
                last.nationalUnavailable
                  ? `本平台未查到；全国特种作业操作证查询平台暂时无法应答（${last.national?.reason ?? '未知原因'}），请稍后重新核验`
                  : `数据来源：${last.sourceName}，应答时间 ${new Date(last.sourceAnsweredAt).toLocaleString('zh-CN')}${last.national?.cached ? '（缓存结果）' : ''}${last.national?.stale ? '（该平台暂不可用，结果可能已过时）' : ''}`
              }
            />
            {!!last.certificates?.length && (
              <Descriptions
                size="small"
                bordered
                column={1}
                style={{ marginTop: 12 }}
                items={last.certificates.map((c) => ({
                  key: c.itemCode,
                  label: `${c.itemCode} ${c.itemName}`,
                  children: (
                    <>
                      <Tag color={RESULT_COLORS[c.status]}>{c.statusLabel}</Tag> 有效期至 {c.validUntil}，复审{' '}
                      {c.nextReviewDue ?? '—'}
                    </>
                  ),
                }))}
              />
            )}
          </div>
        )}
      </Card>
      <Card title="核验记录">
        <Table<Check>
          rowKey="id"
          size="small"
          loading={checks.loading}
          dataSource={checks.data?.items}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: '时间', dataIndex: 'checkedAt', render: (v: string) => new Date(v).toLocaleString('zh-CN') },
            { title: '证号', dataIndex: 'number' },
            { title: '姓名', dataIndex: 'holderNameMasked' },
            {
              title: '结果',
              dataIndex: 'resultLabel',
              render: (v: string, c) => <Tag color={RESULT_COLORS[c.result]}>{v}</Tag>,
            },
            { title: '作业项目', dataIndex: 'itemName', render: (v: string | null) => v ?? '—' },
            {
              title: '数据来源',
              dataIndex: 'sourceName',
              render: (v: string, c) =>
                c.nationalUnavailable ? (
                  <Tag color="orange">全国平台暂不可用</Tag>
                ) : c.source === 'national' ? (
                  <Tag color="blue">
                    {v}（{new Date(c.sourceAnsweredAt).toLocaleString('zh-CN')}）
                  </Tag>
                ) : (
                  v
                ),
            },
            { title: '核验人', dataIndex: 'checkedByName' },
          ]}
        />
      </Card>
    </Flex>
  );
}
