// Issue 22: the development SMS adapter's outbox — the texts (codes, invitation links) the platform
// would have sent, for demos and tests with no SMS gateway. With a real gateway (Alibaba or Tencent
// Cloud) nothing is kept here and the page says which gateway is in use.
import { Alert, Button, Card, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface OutboxRow {
  id: string;
  phone: string;
  text: string;
  sentAt: string;
}

const ADAPTERS: Record<string, string> = {
  dev: '开发/演示适配器（未真实发送）',
  aliyun: '阿里云短信',
  tencent: '腾讯云短信',
  none: '未配置短信网关',
};

export default function SmsOutboxPage() {
  const { data, error, loading, reload } = useApi<{ adapter: string; items: OutboxRow[] }>(
    '/api/onboarding/dev/sms-outbox',
  );
  return (
    <Card
      title="开发短信发件箱"
      extra={
        <Button icon={<ReloadOutlined />} onClick={reload}>
          刷新
        </Button>
      }
    >
      {error && <ProblemAlert error={error} />}
      {data && (
        <Alert
          style={{ marginBottom: 16 }}
          type={data.adapter === 'dev' ? 'warning' : 'info'}
          showIcon
          title={`当前短信通道：${ADAPTERS[data.adapter] ?? data.adapter}`}
          description={
            data.adapter === 'dev'
              ? '以下短信未真实发送，仅供开发与演示（验证码、入驻邀请链接）。生产环境（NODE_ENV=production）不使用本通道。'
              : '已配置真实短信网关：短信内容（含验证码）不在平台留存，本页不显示。'
          }
        />
      )}
      <Table<OutboxRow>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: '发送时间', dataIndex: 'sentAt', render: fmtDateTime, width: 170 },
          { title: '手机号', dataIndex: 'phone', width: 130, render: (p: string) => <Tag>{p}</Tag> },
          {
            title: '短信内容',
            dataIndex: 'text',
            render: (t: string) => (
              <Typography.Text copyable={{ text: /验证码 (\d{6})/.exec(t)?.[1] ?? t }}>{t}</Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}
