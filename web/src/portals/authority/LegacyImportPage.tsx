// 历史数据导入 (issue 16): the province's existing certificates and workers from its earlier system.
// Upload → the server checks every row in the background (progress) → the preview lists every row's
// problems and what the import would do → confirm → written as a whole in the background → report.
import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Flex,
  Progress,
  Radio,
  Result,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { get, post, postFile } from '../../api';
import { useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

type Status = 'checking' | 'rejected' | 'ready' | 'committing' | 'committed' | 'failed';

interface ImportState {
  id: string;
  kind: string;
  fileName: string;
  sizeBytes: number;
  status: Status;
  processed: number;
  total: number | null;
  committedRows: number;
  problemCount: number;
  message: string | null;
  report: Record<string, number> | null;
  createdByName: string;
  createdAt: string;
  committedAt: string | null;
}

interface RowProblem {
  row: number;
  field: string;
  message: string;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STATUS: Record<Status, { label: string; color: string }> = {
  checking: { label: '检查中', color: 'processing' },
  rejected: { label: '未通过检查', color: 'error' },
  ready: { label: '待确认导入', color: 'warning' },
  committing: { label: '导入中', color: 'processing' },
  committed: { label: '已导入', color: 'success' },
  failed: { label: '导入失败', color: 'error' },
};
const OUTCOMES: Record<string, string> = {
  created: '新增',
  updated: '更新（原系统记录较新）',
  unchanged: '无变化',
  kept_newer: '平台记录较新，未更新',
  matched: '平台已有（保留平台记录）',
  workersCreated: '新登记人员',
  workersMatched: '已在平台的人员',
  organisationsCreated: '新建用人单位',
};
const KINDS = {
  certificates: '证书（含持证人）',
  workers: '人员',
  reviews: '复审记录',
  institutions: '培训机构',
  sites: '考试点',
  ledgers: '用人单位及台账',
} as const;
type KindSlug = keyof typeof KINDS;

function ReportList({ report }: { report: Record<string, number> }) {
  return (
    <Descriptions size="small" column={3} bordered>
      {Object.entries(report).map(([k, v]) => (
        <Descriptions.Item key={k} label={OUTCOMES[k] ?? k}>
          {v.toLocaleString('zh-CN')}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

export default function LegacyImportPage() {
  const [kind, setKind] = useState<KindSlug>('certificates');
  const [current, setCurrent] = useState<ImportState | null>(null);
  const [problems, setProblems] = useState<{ items: RowProblem[]; total: number; page: number } | null>(null);
  const [uploading, setUploading] = useState(false);
  const recent = useApi<{ items: ImportState[] }>('/api/legacy-imports');
  const showProblem = useProblem();

  // The check and the commit run as background jobs: poll while either is under way.
  useEffect(() => {
    if (current?.status !== 'checking' && current?.status !== 'committing') return;
    const timer = setTimeout(() => {
      get<ImportState>(`/api/legacy-imports/${current.id}`).then((next) => {
        setCurrent(next);
        if (next.status !== current.status) recent.reload();
      }, showProblem);
    }, 800);
    return () => clearTimeout(timer);
  }, [current, showProblem, recent]);

  const loadProblems = (id: string, page: number) =>
    get<{ items: RowProblem[]; total: number; page: number }>(
      `/api/legacy-imports/${id}/problems?page=${page}&pageSize=50`,
    ).then(setProblems, showProblem);

  const rejectedId = current?.status === 'rejected' && current.problemCount > 0 ? current.id : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the first page is loaded when a rejected import is shown, not on every render
  useEffect(() => {
    setProblems(null);
    if (rejectedId) void loadProblems(rejectedId, 1);
  }, [rejectedId]);

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const type = file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : XLSX;
      setCurrent(
        await postFile<ImportState>(
          `/api/legacy-imports/kinds/${kind}?fileName=${encodeURIComponent(file.name)}`,
          file,
          type,
        ),
      );
      recent.reload();
    } catch (err) {
      showProblem(err);
    } finally {
      setUploading(false);
    }
    return false;
  };

  const commit = async () => {
    try {
      setCurrent(await post<ImportState>(`/api/legacy-imports/${current!.id}/commit`));
    } catch (err) {
      showProblem(err);
    }
  };

  const busy = current?.status === 'checking' || current?.status === 'committing';
  const total = current?.total ?? null;
  const percent = current
    ? current.status === 'checking' || current.status === 'committing'
      ? total
        ? Math.min(99, Math.floor((current.processed / total) * 100))
        : 0
      : 100
    : 0;

  return (
    <Flex vertical gap={16}>
      <Card title="历史数据导入">
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="导入本省原系统中的持证人员和特种作业操作证。上传后平台在后台逐行检查（身份证号校验码、作业项目代码、证书编号是否为 T+身份证号、日期顺序、文件内与平台内重复），预览全部问题；确认后整批写入，任何一行出错都不写入。与平台已有记录相同的行不作改动，原系统记录较新的才更新。导入的证书在核验页标注“历史导入”或“外省”，上岗核验、复审提醒和撤销与本平台签发的证书相同。"
        />
        <Space wrap style={{ marginBottom: 16 }}>
          <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)} disabled={busy}>
            {Object.entries(KINDS).map(([k, label]) => (
              <Radio.Button key={k} value={k}>
                {label}
              </Radio.Button>
            ))}
          </Radio.Group>
          <Button href={`/api/legacy-imports/templates/${kind}.xlsx`}>下载 .xlsx 模板（含填写说明）</Button>
          <Button href={`/api/legacy-imports/templates/${kind}.csv`}>下载 .csv 模板</Button>
          <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={upload} disabled={uploading || busy}>
            <Button type="primary" icon={<UploadOutlined />} loading={uploading}>
              选择文件并检查
            </Button>
          </Upload>
        </Space>
        {current && (
          <div>
            <Space>
              <Typography.Text strong>{current.fileName}</Typography.Text>
              <Tag color={STATUS[current.status].color}>{STATUS[current.status].label}</Tag>
              <Typography.Text type="secondary">
                {current.status === 'committing' ? '已写入' : '已检查'} {current.processed.toLocaleString('zh-CN')}
                {total ? ` / ${total.toLocaleString('zh-CN')}` : ''} 行
              </Typography.Text>
            </Space>
            <Progress
              percent={percent}
              status={
                current.status === 'rejected' || current.status === 'failed' ? 'exception' : busy ? 'active' : 'success'
              }
            />
            {current.status === 'ready' && (
              <Result
                status="info"
                title={`${(total ?? 0).toLocaleString('zh-CN')} 行全部通过检查`}
                subTitle="确认后将在后台整批写入；预计结果如下。"
                extra={
                  <Button type="primary" onClick={commit}>
                    确认导入
                  </Button>
                }
              >
                {current.report && <ReportList report={current.report} />}
              </Result>
            )}
            {current.status === 'committed' && (
              <Result status="success" title={`已导入 ${current.committedRows.toLocaleString('zh-CN')} 行`}>
                {current.report && <ReportList report={current.report} />}
              </Result>
            )}
            {(current.status === 'rejected' || current.status === 'failed') && (
              <>
                <Alert
                  type="error"
                  showIcon
                  style={{ margin: '12px 0' }}
                  title={
                    current.message ?? `发现 ${current.problemCount.toLocaleString('zh-CN')} 处问题，文件未导入任何数据`
                  }
                  description="请按下表修改后重新上传整个文件。"
                />
                {problems && problems.total > 0 && (
                  <Table<RowProblem>
                    size="small"
                    rowKey={(r) => `${r.row}-${r.field}-${r.message}`}
                    dataSource={problems.items}
                    pagination={{
                      current: problems.page,
                      pageSize: 50,
                      total: problems.total,
                      showSizeChanger: false,
                      onChange: (page) => void loadProblems(current.id, page),
                    }}
                    columns={[
                      { title: '行号', dataIndex: 'row', width: 80 },
                      { title: '列', dataIndex: 'field', width: 140 },
                      { title: '问题', dataIndex: 'message' },
                    ]}
                  />
                )}
              </>
            )}
          </div>
        )}
      </Card>
      <Card title="最近的导入">
        <Table<ImportState>
          size="small"
          rowKey="id"
          loading={recent.loading}
          dataSource={recent.data?.items}
          pagination={false}
          columns={[
            { title: '文件', dataIndex: 'fileName' },
            { title: '类型', dataIndex: 'kind', render: (k: string) => KINDS[k.split('.')[1] as KindSlug] ?? k },
            { title: '行数', dataIndex: 'total', render: (v: number | null) => v?.toLocaleString('zh-CN') ?? '—' },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: Status) => <Tag color={STATUS[s].color}>{STATUS[s].label}</Tag>,
            },
            { title: '问题', dataIndex: 'problemCount' },
            { title: '上传人', dataIndex: 'createdByName' },
            { title: '上传时间', dataIndex: 'createdAt', render: (v: string) => new Date(v).toLocaleString('zh-CN') },
            {
              title: '',
              key: 'open',
              render: (_: unknown, r) => (
                <Button size="small" type="link" onClick={() => setCurrent(r)}>
                  查看
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
