// 自查报告 (SUP-5): the campaigns that ask this institution or exam body to inspect itself; it files
// its report — the problems found, each with measure, deadline and responsible person — and then
// records each measure as done.
import { App, Button, Card, DatePicker, Empty, Flex, Form, Input, Space, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { post } from '../../api';
import { fmtDate } from '../../shared/format';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/useApi';
import { MeasuresTable, STANDING_COLORS } from '../regulator/CampaignsPage';

interface Measure {
  id: string;
  problem: string;
  measure: string;
  responsible: string;
  dueOn: string;
  completedOn: string | null;
  completionNote: string | null;
  standing: string;
  standingLabel: string;
}
interface MyCampaign {
  id: string;
  title: string;
  description: string;
  organiserName: string | null;
  dueOn: string;
  standing: string;
  standingLabel: string;
  report: { summary: string; submittedOn: string; items: Measure[] } | null;
}

function ReportForm({ campaign, onDone }: { campaign: MyCampaign; onDone: () => void }) {
  const [form] = Form.useForm();
  const { busy, submit } = useSubmit(
    (v: {
      summary: string;
      items?: Array<{ problem: string; measure: string; responsible: string; dueOn: dayjs.Dayjs }>;
    }) =>
      post(`/api/campaigns/${campaign.id}/report`, {
        summary: v.summary,
        items: (v.items ?? []).map((i) => ({ ...i, dueOn: i.dueOn.format('YYYY-MM-DD') })),
      }),
    { form, onDone },
  );
  return (
    <Form form={form} layout="vertical" onFinish={submit}>
      <Form.Item
        name="summary"
        label="自查情况综述"
        rules={[{ required: true, message: '请填写自查情况' }, { max: 5000 }]}
      >
        <Input.TextArea rows={3} placeholder="自查的范围、方法和总体情况" />
      </Form.Item>
      <Typography.Text strong>问题清单（每个问题须明确整改措施、时限和责任人；未发现问题可不填）</Typography.Text>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <Flex vertical gap={8} style={{ marginTop: 8 }}>
            {fields.map((field, i) => (
              <Space key={field.key} align="start" wrap>
                <Typography.Text style={{ lineHeight: '32px' }}>{i + 1}.</Typography.Text>
                <Form.Item
                  name={[field.name, 'problem']}
                  rules={[{ required: true, message: '请写明问题' }]}
                  style={{ width: 260, marginBottom: 0 }}
                >
                  <Input placeholder="问题" aria-label={`问题 ${i + 1}`} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'measure']}
                  rules={[{ required: true, message: '请写明整改措施' }]}
                  style={{ width: 260, marginBottom: 0 }}
                >
                  <Input placeholder="整改措施" aria-label={`整改措施 ${i + 1}`} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'responsible']}
                  rules={[{ required: true, message: '请填写责任人' }]}
                  style={{ width: 110, marginBottom: 0 }}
                >
                  <Input placeholder="责任人" aria-label={`责任人 ${i + 1}`} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'dueOn']}
                  rules={[{ required: true, message: '请选择时限' }]}
                  style={{ marginBottom: 0 }}
                >
                  <DatePicker placeholder="整改时限" disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
                </Form.Item>
                <Button
                  type="text"
                  icon={<MinusCircleOutlined />}
                  onClick={() => remove(field.name)}
                  aria-label="删除该问题"
                />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} style={{ width: 200 }}>
              添加问题
            </Button>
          </Flex>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 16 }}>
        报送自查报告
      </Button>
    </Form>
  );
}

export default function SelfInspectionPage() {
  const { data, error, reload } = useApi<{ items: MyCampaign[] }>('/api/self-inspections');
  const showProblem = useProblem();
  const { message } = App.useApp();
  const complete = (m: Measure) =>
    post(`/api/self-inspection-items/${m.id}/complete`, {}).then(() => {
      message.success('已登记整改完成');
      reload();
    }, showProblem);
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      {data?.items.length === 0 && <Empty description="暂无需要报送的自查自改活动" />}
      {data?.items.map((c) => (
        <Card
          key={c.id}
          title={c.title}
          extra={
            <Space>
              <Tag color={STANDING_COLORS[c.standing]}>{c.standingLabel}</Tag>
              <Typography.Text type="secondary">截止 {fmtDate(c.dueOn)}</Typography.Text>
            </Space>
          }
        >
          <Typography.Paragraph type="secondary">
            {c.organiserName}：{c.description}
          </Typography.Paragraph>
          {c.report ? (
            <Flex vertical gap={8}>
              <Typography.Text>
                已于 {fmtDate(c.report.submittedOn)} 报送。{c.report.summary}
              </Typography.Text>
              {c.report.items.length ? (
                <MeasuresTable
                  items={c.report.items}
                  extra={(m) =>
                    m.completedOn ? null : (
                      <Button size="small" onClick={() => complete(m)}>
                        整改完成
                      </Button>
                    )
                  }
                />
              ) : (
                <Typography.Text type="secondary">未发现问题</Typography.Text>
              )}
            </Flex>
          ) : (
            <ReportForm
              campaign={c}
              onDone={() => {
                message.success('自查报告已报送');
                reload();
              }}
            />
          )}
        </Card>
      ))}
    </Flex>
  );
}
