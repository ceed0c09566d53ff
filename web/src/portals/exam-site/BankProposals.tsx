// 考培分离 (EXM-2, EXM-6): exam centres propose questions; the province's authority accepts them into
// its bank or rejects them with a reason. The queue sits on the authority's bank page; the centre has
// its own page to propose and follow the status.
import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { post } from '../../api';
import { OperationItemSelect } from '../../shared/catalog';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert, applyFieldErrors, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface Proposal {
  id: string;
  centreName: string;
  itemCode: string;
  question: { key: string; kind: string; stem: string; options: string[]; answer: number[]; knowledgePoint: string };
  reason: string | null;
  status: 'pending' | 'accepted' | 'rejected';
  submittedAt: string;
  submittedByName: string;
  decidedAt: string | null;
  decidedByName: string | null;
  decisionNote: string | null;
}

const STATUS: Record<Proposal['status'], { label: string; color: string }> = {
  pending: { label: '待处理', color: 'orange' },
  accepted: { label: '已采纳入库', color: 'green' },
  rejected: { label: '未采纳', color: 'red' },
};
const KINDS = [
  { value: 'judge', label: '判断题' },
  { value: 'single', label: '单选题' },
  { value: 'multiple', label: '多选题' },
];
const answerText = (q: Proposal['question']) =>
  q.kind === 'judge' ? (q.answer[0] === 0 ? '正确' : '错误') : q.answer.map((i) => 'ABCDEF'[i]).join('');

const columns = [
  { title: '项目', dataIndex: 'itemCode', width: 60 },
  { title: '题号', render: (_: unknown, p: Proposal) => p.question.key, width: 110 },
  {
    title: '题目',
    render: (_: unknown, p: Proposal) => (
      <>
        {p.question.stem}
        {p.question.kind !== 'judge' && (
          <div style={{ color: '#888' }}>{p.question.options.map((o, i) => `${'ABCDEF'[i]}. ${o}`).join('　')}</div>
        )}
        <div>答案：{answerText(p.question)}</div>
      </>
    ),
  },
  { title: '理由', dataIndex: 'reason', width: 140 },
  {
    title: '状态',
    width: 200,
    render: (_: unknown, p: Proposal) => (
      <>
        <Tag color={STATUS[p.status].color}>{STATUS[p.status].label}</Tag>
        {p.decidedByName && (
          <div style={{ fontSize: 12 }}>
            {p.decidedByName} {fmtDateTime(p.decidedAt)}
            {p.decisionNote ? `：${p.decisionNote}` : ''}
          </div>
        )}
      </>
    ),
  },
];

/** The authority's queue of the province's pending proposals, with accept / reject. */
export function BankProposalsQueue({ onDecided }: { onDecided: () => void }) {
  const { data, error, reload } = useApi<{ items: Proposal[] }>('/api/exams/bank-proposals?status=pending');
  const [rejecting, setRejecting] = useState<Proposal | null>(null);
  const [note, setNote] = useState('');
  const showProblem = useProblem();
  const { message } = App.useApp();
  const decide = async (p: Proposal, accept: boolean, text?: string) => {
    try {
      await post(`/api/exams/bank-proposals/${p.id}/decision`, { accept, ...(text ? { note: text } : {}) });
      message.success(accept ? '已采纳，题目进入本省题库' : '已退回考试机构');
      setRejecting(null);
      setNote('');
      reload();
      onDecided();
    } catch (err) {
      showProblem(err);
    }
  };
  return (
    <Card title={`考试机构题目建议（待处理 ${data?.items.length ?? 0}）`}>
      {error && <ProblemAlert error={error} />}
      <Table<Proposal>
        size="small"
        rowKey="id"
        pagination={{ pageSize: 5 }}
        dataSource={data?.items}
        columns={[
          { title: '考试机构', render: (_, p) => `${p.centreName}（${p.submittedByName}）`, width: 180 },
          ...columns.slice(0, 4),
          {
            title: '处理',
            width: 150,
            render: (_, p) => (
              <Space>
                <Button size="small" type="primary" onClick={() => decide(p, true)}>
                  采纳
                </Button>
                <Button size="small" danger onClick={() => setRejecting(p)}>
                  不采纳
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!rejecting}
        title="不采纳的理由（考试机构可见）"
        okText="确定"
        cancelText="取消"
        okButtonProps={{ disabled: note.trim().length < 2 }}
        onOk={() => rejecting && decide(rejecting, false, note.trim())}
        onCancel={() => setRejecting(null)}
      >
        <Input.TextArea rows={3} maxLength={300} value={note} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </Card>
  );
}

/** The exam centre's page: propose a question to the province's authority, follow what it decided. */
export default function BankProposalsPage() {
  const { data, error, reload } = useApi<{ items: Proposal[] }>('/api/exams/bank-proposals');
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as string | undefined;
  const showProblem = useProblem();
  const { message } = App.useApp();
  const submit = async (v: {
    itemCode: string;
    key: string;
    kind: string;
    knowledgePoint: string;
    difficulty: number;
    stem: string;
    options?: string;
    answer: string;
    reason?: string;
  }) => {
    const options =
      v.kind === 'judge'
        ? undefined
        : (v.options ?? '')
            .split('\n')
            .map((o) => o.trim())
            .filter(Boolean);
    const answer =
      v.kind === 'judge'
        ? [v.answer === '错误' ? 1 : 0]
        : [...v.answer.toUpperCase()].map((l) => 'ABCDEF'.indexOf(l)).filter((i) => i >= 0);
    try {
      await post('/api/exams/bank-proposals', {
        itemCode: v.itemCode,
        reason: v.reason,
        question: {
          key: v.key,
          kind: v.kind,
          knowledgePoint: v.knowledgePoint,
          difficulty: v.difficulty,
          stem: v.stem,
          options,
          answer,
        },
      });
      message.success('已提交，等待省考核发证机关处理');
      form.resetFields(['key', 'stem', 'options', 'answer', 'reason']);
      reload();
    } catch (err) {
      if (!applyFieldErrors(form, err)) showProblem(err);
    }
  };
  return (
    <Flex vertical gap={16}>
      <Alert
        type="info"
        showIcon
        title="考培分离：题库、组卷规则和合格线由本省考核发证机关管理。考试机构可提出题目建议，采纳后进入本省题库。"
      />
      <Card title="提出题目建议">
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ itemCode: '1.2', kind: 'single', difficulty: 2 }}
          style={{ maxWidth: 720 }}
        >
          <Space wrap>
            <Form.Item name="itemCode" label="作业项目" rules={[{ required: true }]}>
              <OperationItemSelect />
            </Form.Item>
            <Form.Item name="key" label="题号" rules={[{ required: true, message: '请填写题号' }]}>
              <Input maxLength={40} placeholder="如 SC-LV-901" />
            </Form.Item>
            <Form.Item name="kind" label="题型" rules={[{ required: true }]}>
              <Select options={KINDS} style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name="knowledgePoint" label="知识点" rules={[{ required: true, message: '请填写知识点' }]}>
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="difficulty" label="难度（1–3）" rules={[{ required: true }]}>
              <InputNumber min={1} max={3} />
            </Form.Item>
          </Space>
          <Form.Item name="stem" label="题干" rules={[{ required: true, message: '请填写题干' }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          {kind !== 'judge' && (
            <Form.Item
              name="options"
              label="选项（每行一个，依次为 A、B、C…）"
              rules={[{ required: true, message: '请填写选项' }]}
            >
              <Input.TextArea rows={4} />
            </Form.Item>
          )}
          <Form.Item
            name="answer"
            label={kind === 'judge' ? '答案（正确/错误）' : '答案（字母，如 A 或 ABD）'}
            rules={[{ required: true, message: '请填写答案' }]}
          >
            {kind === 'judge' ? (
              <Select options={[{ value: '正确' }, { value: '错误' }]} style={{ width: 120 }} />
            ) : (
              <Input maxLength={6} style={{ width: 120 }} />
            )}
          </Form.Item>
          <Form.Item name="reason" label="建议理由">
            <Input maxLength={300} placeholder="如：结合近期事故案例" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            提交建议
          </Button>
        </Form>
      </Card>
      <Card title="本机构提出的题目建议">
        {error && <ProblemAlert error={error} />}
        <Table<Proposal> size="small" rowKey="id" dataSource={data?.items} columns={columns} />
      </Card>
    </Flex>
  );
}
