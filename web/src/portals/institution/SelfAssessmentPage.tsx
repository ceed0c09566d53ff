// 年度自评 (INS-5, seed 004 §5 培训机构自评): the institution scores itself on each dimension with the
// evidence, editable until the regulator publishes the year's rating; below, the trainees' reviews
// (学员网上评议) it received — without who wrote them.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Rate, Select, Table, Tag, Typography } from 'antd';
import { put } from '../../api';
import { fmtDate } from '../../shared/format';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { useSubmit } from '../../shared/useSubmit';

interface Score {
  dimension: string;
  score: number;
  evidence: string;
}
interface Assessment {
  id: string;
  year: number;
  scores: Score[];
  summary: string;
  submittedAt: string;
  updatedAt: string;
  ratedAt: string | null;
}
interface View {
  year: number;
  dimensions: Record<string, string>;
  assessment: Assessment | null;
  editable: boolean;
}
interface Review {
  id: string;
  className: string;
  teaching: number;
  practical: number;
  honesty: number;
  comment: string | null;
  on: string;
}

function AssessmentForm({ view, onDone }: { view: View; onDone: () => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const dims = Object.entries(view.dimensions);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is reset only when a new view arrives, not on every render of its dimensions
  useEffect(() => {
    const byDim = new Map((view.assessment?.scores ?? []).map((s) => [s.dimension, s]));
    form.setFieldsValue({
      summary: view.assessment?.summary ?? '',
      scores: dims.map(([d]) => ({ score: byDim.get(d)?.score ?? null, evidence: byDim.get(d)?.evidence ?? '' })),
    });
  }, [view]);
  const { busy, submit } = useSubmit(
    (v: { summary: string; scores: Array<{ score: number; evidence: string }> }) =>
      put(`/api/self-assessments/${view.year}`, {
        summary: v.summary ?? '',
        scores: dims.map(([dimension], i) => ({ dimension, score: v.scores[i].score, evidence: v.scores[i].evidence })),
      }).then(() => message.success('自评已保存')),
    { form, onDone },
  );
  return (
    <Form form={form} layout="vertical" onFinish={submit} disabled={!view.editable}>
      {dims.map(([d, label], i) => (
        <Flex key={d} gap={12} align="start">
          <Typography.Text strong style={{ width: 220, lineHeight: '32px' }}>
            {label}
          </Typography.Text>
          <Form.Item
            name={['scores', i, 'score']}
            rules={[{ required: true, message: '请打分' }]}
            style={{ marginBottom: 12 }}
          >
            <InputNumber
              min={0}
              max={100}
              precision={0}
              addonAfter="分"
              placeholder="0–100"
              aria-label={`${label} 得分`}
            />
          </Form.Item>
          <Form.Item
            name={['scores', i, 'evidence']}
            rules={[{ required: true, message: '请写明佐证材料' }, { max: 1000 }]}
            style={{ flex: 1, marginBottom: 12 }}
          >
            <Input placeholder="佐证材料：台账、记录、照片等" aria-label={`${label} 佐证`} />
          </Form.Item>
        </Flex>
      ))}
      <Form.Item name="summary" label="自评说明" rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} placeholder="本年度培训工作总体情况" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {view.assessment ? '保存修改' : '提交自评'}
      </Button>
    </Form>
  );
}

export default function SelfAssessmentPage() {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const { data, error, reload } = useApi<View>(`/api/self-assessments/${year}`);
  const reviews = useApi<{ items: Review[] }>('/api/training/reviews');
  const avg = (f: (r: Review) => number) =>
    reviews.data?.items.length
      ? (reviews.data.items.reduce((n, r) => n + f(r), 0) / reviews.data.items.length).toFixed(2)
      : '—';
  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          年度自评
        </Typography.Title>
        <Select
          value={year}
          onChange={setYear}
          options={[thisYear, thisYear - 1].map((y) => ({ value: y, label: `${y} 年` }))}
          style={{ width: 110 }}
        />
      </Flex>
      {error && <ProblemAlert error={error} />}
      {data && (
        <Card
          title={`${data.year} 年度机构自评`}
          extra={
            data.assessment ? (
              data.assessment.ratedAt ? (
                <Tag color="blue">已评定 {fmtDate(data.assessment.ratedAt)}</Tag>
              ) : (
                <Tag color="green">已提交 {fmtDate(data.assessment.updatedAt)}，评级公布前可修改</Tag>
              )
            ) : (
              <Tag>未提交</Tag>
            )
          }
        >
          {!data.editable && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              message="监管部门已公布本年度评级，自评不能再修改。"
            />
          )}
          <Typography.Paragraph type="secondary">
            自评是年度评级的组成部分之一（与第三方评估、培训质量、日常检查、执法抽查、学员网上评议共同计算），每项 0–100
            分，须写明佐证材料。
          </Typography.Paragraph>
          <AssessmentForm view={data} onDone={reload} />
        </Card>
      )}
      <Card
        title="学员网上评议"
        extra={
          <Typography.Text type="secondary">
            授课 {avg((r) => r.teaching)} · 实操 {avg((r) => r.practical)} · 学时真实 {avg((r) => r.honesty)}（满分 5）
          </Typography.Text>
        }
      >
        {reviews.error && <ProblemAlert error={reviews.error} />}
        <Table<Review>
          rowKey="id"
          size="small"
          loading={reviews.loading}
          dataSource={reviews.data?.items}
          locale={{ emptyText: '暂无学员评议' }}
          columns={[
            { title: '培训班', dataIndex: 'className' },
            {
              title: '授课',
              dataIndex: 'teaching',
              width: 150,
              render: (n: number) => <Rate disabled value={n} style={{ fontSize: 14 }} />,
            },
            {
              title: '实操',
              dataIndex: 'practical',
              width: 150,
              render: (n: number) => <Rate disabled value={n} style={{ fontSize: 14 }} />,
            },
            {
              title: '学时真实',
              dataIndex: 'honesty',
              width: 150,
              render: (n: number) => <Rate disabled value={n} style={{ fontSize: 14 }} />,
            },
            { title: '意见（匿名）', dataIndex: 'comment', render: (c: string | null) => c ?? '—' },
            { title: '日期', dataIndex: 'on', width: 110 },
          ]}
        />
      </Card>
    </Flex>
  );
}
