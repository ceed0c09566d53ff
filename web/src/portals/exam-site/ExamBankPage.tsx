// 题库与组卷 (EXM-6, EXM-8), kept by the province's authority (考培分离): question counts per item,
// import from JSON or .xlsx with the per-row report, the exam centres' question proposals to decide,
// the item's questions and its blueprint versions (types × counts × points, time limit, pass marks ≥ 80)
// each with the date it takes effect.
import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, InputNumber, Select, Space, Table, Tag, Upload, message } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { post, postFile, put } from '../../api';
import { OperationItemSelect } from '../../shared/catalog';
import { fmtDateTime } from '../../shared/format';
import { BankProposalsQueue } from './BankProposals';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

const KIND_OPTIONS = [
  { value: 'judge', label: '判断题' },
  { value: 'single', label: '单选题' },
  { value: 'multiple', label: '多选题' },
];
const kindLabel = (k: string) => KIND_OPTIONS.find((o) => o.value === k)?.label ?? k;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Section {
  kind: string;
  knowledgePoint: string | null;
  count: number;
  points: number;
}
interface Blueprint {
  id: string | null;
  provinceCode: string | null;
  sections: Section[];
  timeLimitMinutes: number;
  theoryPassMark: number;
  practicalPassMark: number;
  totalPoints: number;
  version: number;
  effectiveFrom: string | null;
  note: string | null;
  createdAt: string | null;
  createdByName: string | null;
  pending: boolean;
  saved: boolean;
}
interface Question {
  id: string;
  key: string;
  version: number;
  kind: string;
  knowledgePoint: string;
  difficulty: number;
  stem: string;
  options: string[];
  answer: number[];
  scope: 'national' | 'province';
}
interface Bank {
  item: { code: string; name: string };
  provinceCode: string;
  questions: Question[];
  blueprint: Blueprint;
  versions: Blueprint[];
}
interface ImportRow {
  row: number;
  key: string | null;
  status: string;
  errors: string[];
}
interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  rows: ImportRow[];
}

export default function ExamBankPage() {
  const [item, setItem] = useState<string | undefined>('1.2');
  const summary = useApi<{ items: Array<{ itemCode: string; total: number; byKind: Record<string, number> }> }>(
    '/api/exams/bank',
  );
  const bank = useApi<Bank>(item ? `/api/exams/bank/${item}` : null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const showProblem = useProblem();

  const upload = async (file: File) => {
    try {
      const r = file.name.endsWith('.xlsx')
        ? await postFile<ImportReport>(`/api/exams/bank/${item}/import-xlsx`, file, XLSX)
        : await post<ImportReport>(`/api/exams/bank/${item}/import`, {
            questions: JSON.parse(await file.text()) as unknown[],
          });
      setReport(r);
      bank.reload();
      summary.reload();
    } catch (err) {
      showProblem(err instanceof SyntaxError ? new Error('JSON 文件格式不正确') : err);
    }
    return false;
  };

  return (
    <Flex vertical gap={16}>
      <Alert
        type="info"
        showIcon
        title="考培分离：题库、组卷规则和合格线由本省考核发证机关管理，考试机构只能提出题目建议。合格线不得低于全国标准 80 分；新版本自生效日期起适用，已举行的考试仍按原版本。"
      />
      <BankProposalsQueue onDecided={() => bank.reload()} />
      <Card title="题库概况">
        {summary.error && <ProblemAlert error={summary.error} />}
        <Table
          size="small"
          rowKey="itemCode"
          pagination={false}
          dataSource={summary.data?.items}
          columns={[
            { title: '项目', dataIndex: 'itemCode' },
            { title: '题量', dataIndex: 'total' },
            ...KIND_OPTIONS.map((k) => ({
              title: k.label,
              render: (_: unknown, r: { byKind: Record<string, number> }) => r.byKind[k.value] ?? 0,
            })),
          ]}
        />
      </Card>
      <Card
        title="题目与组卷规则"
        extra={
          <Space>
            <OperationItemSelect value={item} onChange={setItem} />
            <Upload accept=".json,.xlsx" showUploadList={false} beforeUpload={upload} disabled={!item}>
              <Button icon={<UploadOutlined />}>导入（.xlsx 或 .json）</Button>
            </Upload>
          </Space>
        }
      >
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="Excel 模板列：题号、题型（判断/单选/多选）、知识点、难度（1–3）、题干、选项A…选项F、答案（如 A、ABD、对/错）。修改已有题号即生成新版本，已抽取的试卷不受影响。"
        />
        {report && <ImportReportView report={report} />}
        {bank.error && <ProblemAlert error={bank.error} />}
        {bank.data && (
          <BlueprintForm
            key={`${item}-${bank.data.versions.length}`}
            item={item!}
            blueprint={bank.data.blueprint}
            onSaved={bank.reload}
          />
        )}
        {bank.data && <VersionsTable versions={bank.data.versions} />}
        <Table<Question>
          size="small"
          rowKey="id"
          loading={bank.loading}
          dataSource={bank.data?.questions}
          pagination={{ pageSize: 10, showTotal: (t) => `共 ${t} 题` }}
          columns={[
            { title: '题号', dataIndex: 'key', width: 110 },
            { title: '版本', dataIndex: 'version', width: 60 },
            {
              title: '来源',
              dataIndex: 'scope',
              width: 70,
              render: (s: string) => (s === 'province' ? <Tag color="blue">本省</Tag> : <Tag>全国</Tag>),
            },
            { title: '题型', dataIndex: 'kind', width: 80, render: kindLabel },
            { title: '知识点', dataIndex: 'knowledgePoint', width: 120 },
            { title: '难度', dataIndex: 'difficulty', width: 60 },
            { title: '题干', dataIndex: 'stem' },
            {
              title: '答案',
              dataIndex: 'answer',
              width: 80,
              render: (a: number[], q) =>
                q.kind === 'judge' ? (a[0] === 0 ? '正确' : '错误') : a.map((i) => 'ABCDEF'[i]).join(''),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}

function ImportReportView({ report }: { report: ImportReport }) {
  const failed = report.rows.filter((r) => r.status === 'error');
  return (
    <Alert
      type={failed.length ? 'warning' : 'success'}
      showIcon
      style={{ marginBottom: 12 }}
      title={`导入完成：新增 ${report.created}，更新 ${report.updated}，未变 ${report.unchanged}，失败 ${report.failed}`}
      description={
        failed.length ? (
          <ul style={{ margin: 0 }}>
            {failed.slice(0, 50).map((r) => (
              <li key={r.row}>
                第 {r.row} 行{r.key ? `（${r.key}）` : ''}：{r.errors.join('；')}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

function BlueprintForm({ item, blueprint, onSaved }: { item: string; blueprint: Blueprint; onSaved: () => void }) {
  const [form] = Form.useForm();
  const showProblem = useProblem();
  const save = async (
    values: Pick<Blueprint, 'sections' | 'timeLimitMinutes' | 'theoryPassMark' | 'practicalPassMark'> & {
      effectiveFrom?: string;
      note?: string;
    },
  ) => {
    try {
      await put(`/api/exams/bank/${item}/blueprint`, {
        sections: values.sections.map((s) => ({ ...s, knowledgePoint: s.knowledgePoint || null })),
        timeLimitMinutes: values.timeLimitMinutes,
        theoryPassMark: values.theoryPassMark,
        practicalPassMark: values.practicalPassMark,
        ...(values.effectiveFrom ? { effectiveFrom: values.effectiveFrom } : {}),
        ...(values.note ? { note: values.note } : {}),
      });
      message.success('新版本已发布，自生效日期起适用');
      onSaved();
    } catch (err) {
      showProblem(err);
    }
  };
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={
        <>
          组卷规则{' '}
          {blueprint.saved ? (
            <Tag>
              {blueprint.provinceCode ? '本省' : '全国默认'}第 {blueprint.version} 版 · {blueprint.totalPoints} 分 · 自{' '}
              {blueprint.effectiveFrom} 起现行
            </Tag>
          ) : (
            <Tag color="orange">未设置</Tag>
          )}
        </>
      }
    >
      <Form
        form={form}
        layout="inline"
        initialValues={{ ...blueprint, effectiveFrom: undefined, note: undefined }}
        onFinish={save}
      >
        <Form.List name="sections">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8} style={{ width: '100%', marginBottom: 8 }}>
              {fields.map((f) => (
                <Space key={f.key}>
                  <Form.Item name={[f.name, 'kind']} rules={[{ required: true }]}>
                    <Select options={KIND_OPTIONS} style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'knowledgePoint']}>
                    <Input allowClear placeholder="不限知识点" maxLength={40} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'count']} label="题数" rules={[{ required: true }]}>
                    <InputNumber min={1} max={200} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'points']} label="每题分值" rules={[{ required: true }]}>
                    <InputNumber min={0.5} max={100} step={0.5} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>删除</Button>
                </Space>
              ))}
              <Button
                onClick={() => add({ kind: 'single', knowledgePoint: null, count: 10, points: 1 })}
                style={{ width: 160 }}
              >
                添加一节
              </Button>
            </Flex>
          )}
        </Form.List>
        <Form.Item name="timeLimitMinutes" label="时限（分钟）" rules={[{ required: true }]}>
          <InputNumber min={10} max={300} />
        </Form.Item>
        <Form.Item name="theoryPassMark" label="理论合格线" rules={[{ required: true }]} extra="不低于 80">
          <InputNumber min={1} max={100} />
        </Form.Item>
        <Form.Item name="practicalPassMark" label="实操合格线" rules={[{ required: true }]} extra="不低于 80">
          <InputNumber min={1} max={100} />
        </Form.Item>
        <Form.Item name="effectiveFrom" label="生效日期" extra="留空为今天；不得早于今天">
          <Input type="date" style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="note" label="修订说明">
          <Input maxLength={200} style={{ width: 200 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          发布新版本
        </Button>
      </Form>
    </Card>
  );
}

function VersionsTable({ versions }: { versions: Blueprint[] }) {
  return (
    <Card size="small" title="组卷规则与合格线的版本（变更前后均记入审计日志）" style={{ marginBottom: 16 }}>
      <Table<Blueprint>
        size="small"
        rowKey={(v) => v.id ?? 'default'}
        pagination={false}
        dataSource={versions}
        columns={[
          { title: '适用', render: (_, v) => (v.provinceCode ? '本省' : '全国默认') },
          { title: '版本', dataIndex: 'version', width: 60 },
          { title: '生效日期', dataIndex: 'effectiveFrom' },
          {
            title: '状态',
            render: (_, v) => (v.pending ? <Tag color="orange">待生效</Tag> : <Tag color="green">已生效</Tag>),
          },
          { title: '理论合格线', dataIndex: 'theoryPassMark' },
          { title: '实操合格线', dataIndex: 'practicalPassMark' },
          { title: '时限（分钟）', dataIndex: 'timeLimitMinutes' },
          { title: '修订说明', dataIndex: 'note' },
          {
            title: '发布',
            render: (_, v) => (v.createdByName ? `${v.createdByName} ${fmtDateTime(v.createdAt)}` : '平台导入'),
          },
        ]}
      />
    </Card>
  );
}
