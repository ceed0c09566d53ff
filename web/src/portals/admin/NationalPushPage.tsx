// 全国平台推送 (CER-2): pushes to the national query platform that gave up, with their last error,
// and a retry; the counts by state show whether the queue is moving.
import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Flex, Table, Tag, Typography } from 'antd';
import { RedoOutlined } from '@ant-design/icons';
import { post, query } from '../../api';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert, RuleTag, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import type { NationalPushFailure, NationalPushOverview } from '../../types';

const PAGE_SIZE = 20;
const STATE_LABELS: Array<[keyof NationalPushOverview['counts'], string, string]> = [
  ['created', '待推送', 'blue'],
  ['retry', '等待重试', 'orange'],
  ['active', '推送中', 'processing'],
  ['completed', '已完成', 'green'],
  ['failed', '失败', 'red'],
];

export default function NationalPushPage() {
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useApi<NationalPushOverview>(
    `/api/admin/national-push${query({ page, pageSize: PAGE_SIZE })}`,
  );
  const [retrying, setRetrying] = useState<string | null>(null);
  const showProblem = useProblem();
  const { message } = App.useApp();

  async function retry(row: NationalPushFailure) {
    setRetrying(row.id);
    try {
      await post(`/api/admin/national-push/${row.id}/retry`);
      message.success('已重新加入推送队列');
      reload();
    } catch (err) {
      showProblem(err);
    } finally {
      setRetrying(null);
    }
  }

  return (
    <Card
      title={
        <>
          全国查询平台推送 <RuleTag rule="CER-2" />
        </>
      }
      extra={<Button onClick={reload}>刷新</Button>}
    >
      <Flex vertical gap={16}>
        {error && <ProblemAlert error={error} />}
        {data && !data.enabled && (
          <Alert
            type="warning"
            showIcon
            title="未配置推送地址"
            description="未设置 NATIONAL_PUSH_URL：证书变更仍会记录，但不会推送至全国查询平台。"
          />
        )}
        {data && (
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="推送地址">
              {data.target ? <Typography.Text code>{data.target}</Typography.Text> : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="队列状态">
              <Flex gap={4} wrap>
                {STATE_LABELS.map(([key, label, color]) => (
                  <Tag key={key} color={color}>
                    {label} {data.counts[key]}
                  </Tag>
                ))}
              </Flex>
            </Descriptions.Item>
          </Descriptions>
        )}
        <Typography.Text type="secondary">
          以下为推送失败的记录（已用尽重试，或被全国平台拒收）。处理原因后可点击“重试”重新推送。
        </Typography.Text>
        <Table<NationalPushFailure>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={data?.items}
          locale={{ emptyText: '没有失败的推送' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data?.total,
            showSizeChanger: false,
            showTotal: (total) => `共 ${total} 条`,
            onChange: setPage,
          }}
          columns={[
            { title: '失败时间', dataIndex: 'failedAt', width: 150, render: fmtDateTime },
            {
              title: '证书ID',
              dataIndex: 'certificateId',
              width: 140,
              render: (id: string) => (
                <Typography.Text style={{ fontFamily: 'monospace' }} copyable={{ text: id }}>
                  {id.slice(0, 8)}
                </Typography.Text>
              ),
            },
            { title: '尝试次数', dataIndex: 'attempts', width: 90 },
            {
              title: '最后错误',
              dataIndex: 'lastError',
              render: (e: string | null) => <Typography.Text type="danger">{e ?? '—'}</Typography.Text>,
            },
            { title: '入队时间', dataIndex: 'createdAt', width: 150, render: fmtDateTime },
            {
              title: '操作',
              width: 90,
              render: (_: unknown, row: NationalPushFailure) => (
                <Button size="small" icon={<RedoOutlined />} loading={retrying === row.id} onClick={() => retry(row)}>
                  重试
                </Button>
              ),
            },
          ]}
        />
      </Flex>
    </Card>
  );
}
