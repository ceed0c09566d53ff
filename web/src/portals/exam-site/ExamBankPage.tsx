// 题库与组卷 (EXM-6): question counts per item, import from JSON or .xlsx with the per-row report,
// the item's questions and its blueprint (types × counts × points, time limit, pass marks).
import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, InputNumber, Select, Space, Table, Tag, Upload, message } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { post, postFile, put } from '../../api';
import { OperationItemSelect } from '../../shared/catalog';
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
  sections: Section[];
  timeLimitMinutes: number;
  theoryPassMark: number;
  practicalPassMark: number;
  totalPoints: number;
  version: number;
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
}
interface Bank {
  item: { code: string; name: string };
  questions: Question[];
  blueprint: Blueprint;
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
            key={`${item}-${bank.data.blueprint.version}`}
            item={item!}
            blueprint={bank.data.blueprint}
            onSaved={bank.reload}
          />
        )}
        <Table<Question>
          size="small"
          rowKey="id"
          loading={bank.loading}
          dataSource={bank.data?.questions}
          pagination={{ pageSize: 10, showTotal: (t) => `共 ${t} 题` }}
          columns={[
            { title: '题号', dataIndex: 'key', width: 110 },
            { title: '版本', dataIndex: 'version', width: 60 },
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
  const save = async (values: Omit<Blueprint, 'totalPoints' | 'version' | 'saved'>) => {
    try {
      await put(`/api/exams/bank/${item}/blueprint`, {
        ...values,
        sections: values.sections.map((s) => ({ ...s, knowledgePoint: s.knowledgePoint || null })),
      });
      message.success('组卷规则已保存');
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
              第 {blueprint.version} 版 · {blueprint.totalPoints} 分
            </Tag>
          ) : (
            <Tag color="orange">未设置</Tag>
          )}
        </>
      }
    >
      <Form form={form} layout="inline" initialValues={blueprint} onFinish={save}>
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
        <Form.Item name="theoryPassMark" label="理论合格线" rules={[{ required: true }]}>
          <InputNumber min={1} max={100} />
        </Form.Item>
        <Form.Item name="practicalPassMark" label="实操合格线" rules={[{ required: true }]}>
          <InputNumber min={1} max={100} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          保存
        </Button>
      </Form>
    </Card>
  );
}
