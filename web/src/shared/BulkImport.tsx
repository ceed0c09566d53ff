// One page part for every import on the shared mechanism (kernel/imports, issue 18): upload → the server
// checks every row in a background job (progress polled) → the preview lists every row's problems,
// what the import would do and, where the kind has one, the rows as they will be written → confirm →
// written as a whole in a background job (progress) → the report. Used by the ledger, injuries and
// legacy (历史数据导入) imports.
import { type ReactNode, useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Flex, Progress, Result, Space, Table, Tag, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { UploadOutlined } from '@ant-design/icons';
import { get, post, postFile } from '../api';
import { useProblem } from './problem';
import { useApi } from './useApi';

export type ImportStatus = 'checking' | 'rejected' | 'ready' | 'committing' | 'committed' | 'failed';

export interface ImportState {
  id: string;
  kind: string;
  fileName: string;
  status: ImportStatus;
  processed: number;
  total: number | null;
  committedRows: number;
  problemCount: number;
  message: string | null;
  report: Record<string, number> | null;
  createdByName: string;
  createdAt: string;
}

interface RowProblem {
  row: number;
  field: string;
  message: string;
}

interface Page<T> {
  items: T[];
  total: number;
  page: number;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const IMPORT_STATUS: Record<ImportStatus, { label: string; color: string }> = {
  checking: { label: '检查中', color: 'processing' },
  rejected: { label: '未通过检查', color: 'error' },
  ready: { label: '待确认导入', color: 'warning' },
  committing: { label: '导入中', color: 'processing' },
  committed: { label: '已导入', color: 'success' },
  failed: { label: '导入失败', color: 'error' },
};

function Report({ report, labels }: { report: Record<string, number>; labels: Record<string, string> }) {
  const shown = Object.entries(report).filter(([k]) => labels[k]);
  if (shown.length === 0) return null;
  return (
    <Descriptions size="small" column={3} bordered>
      {shown.map(([k, v]) => (
        <Descriptions.Item key={k} label={labels[k]}>
          {v.toLocaleString('zh-CN')}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

export interface BulkImportProps<Row> {
  /** The import's API prefix, e.g. /api/employment-imports (upload is POST to it). */
  prefix: string;
  /** Labels of the report's counters, in Chinese; counters without a label are not shown. */
  labels: Record<string, string>;
  /** What is shown once the import is written (next steps). */
  committedExtra?: ReactNode;
  /** The preview of the rows as they will be written (the kind's `presentRow`), when it has one. */
  rowColumns?: ColumnsType<Row>;
  rowKey?: keyof Row & string;
  /** Where the file is POSTed, when not to `prefix` itself (an import of several kinds picks one). */
  uploadUrl?: string;
  /** Shown beside the upload button (a kind picker, template links); told when an import is under way. */
  toolbar?: (busy: boolean) => ReactNode;
  /** The kind's name in the list of recent imports, for a page that imports several kinds. */
  kindLabel?: (kind: string) => string;
  /** Further query parameters of the upload (e.g. the exam vendor); the upload waits until `uploadDisabled` is false. */
  uploadQuery?: Record<string, string>;
  uploadDisabled?: boolean;
}

export default function BulkImport<Row extends object>(props: BulkImportProps<Row>) {
  const { prefix, labels, kindLabel } = props;
  const [current, setCurrent] = useState<ImportState | null>(null);
  const [problems, setProblems] = useState<Page<RowProblem> | null>(null);
  const [rows, setRows] = useState<Page<Row> | null>(null);
  const [uploading, setUploading] = useState(false);
  const recent = useApi<{ items: ImportState[] }>(prefix);
  const showProblem = useProblem();

  // The check and the commit run as background jobs: poll while either is under way.
  useEffect(() => {
    if (current?.status !== 'checking' && current?.status !== 'committing') return;
    const timer = setTimeout(() => {
      get<ImportState>(`${prefix}/${current.id}`).then((next) => {
        setCurrent(next);
        if (next.status !== current.status) recent.reload();
      }, showProblem);
    }, 800);
    return () => clearTimeout(timer);
  }, [current, showProblem, recent, prefix]);

  const loadProblems = (id: string, page: number) =>
    get<Page<RowProblem>>(`${prefix}/${id}/problems?page=${page}&pageSize=50`).then(setProblems, showProblem);
  const loadRows = (id: string, page: number) =>
    get<Page<Row>>(`${prefix}/${id}/rows?page=${page}&pageSize=20`).then(setRows, showProblem);

  const withProblems =
    (current?.status === 'rejected' || current?.status === 'failed') && current.problemCount > 0 ? current.id : null;
  const readyId = current?.status === 'ready' && props.rowColumns ? current.id : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the first page is loaded when an import is shown, not on every render
  useEffect(() => {
    setProblems(null);
    if (withProblems) void loadProblems(withProblems, 1);
  }, [withProblems]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above, for the preview rows
  useEffect(() => {
    setRows(null);
    if (readyId) void loadRows(readyId, 1);
  }, [readyId]);

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const type = file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : XLSX;
      const extra = Object.entries(props.uploadQuery ?? {})
        .map(([k, v]) => `&${k}=${encodeURIComponent(v)}`)
        .join('');
      const url = `${props.uploadUrl ?? prefix}?fileName=${encodeURIComponent(file.name)}${extra}`;
      setCurrent(await postFile<ImportState>(url, file, type));
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
      setCurrent(await post<ImportState>(`${prefix}/${current!.id}/commit`));
    } catch (err) {
      showProblem(err);
    }
  };

  const busy = current?.status === 'checking' || current?.status === 'committing';
  const total = current?.total ?? null;
  const percent = current
    ? busy
      ? total
        ? Math.min(99, Math.floor((current.processed / total) * 100))
        : 0
      : 100
    : 0;

  return (
    <Flex vertical gap={16}>
      <Space wrap>
        {props.toolbar?.(busy)}
        <Upload
          accept=".xlsx,.csv"
          showUploadList={false}
          beforeUpload={upload}
          disabled={uploading || busy || props.uploadDisabled}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={uploading} disabled={props.uploadDisabled}>
            选择文件并检查
          </Button>
        </Upload>
      </Space>
      {current && (
        <div>
          <Space>
            <Typography.Text strong>{current.fileName}</Typography.Text>
            <Tag color={IMPORT_STATUS[current.status].color}>{IMPORT_STATUS[current.status].label}</Tag>
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
              subTitle="确认后将在后台整批写入（任何一处出错都不写入）；预计结果如下。"
              extra={
                <Button type="primary" onClick={commit}>
                  确认导入
                </Button>
              }
            >
              {current.report && <Report report={current.report} labels={labels} />}
            </Result>
          )}
          {current.status === 'ready' && rows && props.rowColumns && (
            <Table<Row>
              size="small"
              rowKey={props.rowKey}
              dataSource={rows.items}
              columns={props.rowColumns}
              title={() => '写入预览'}
              pagination={{
                current: rows.page,
                pageSize: 20,
                total: rows.total,
                showSizeChanger: false,
                onChange: (page) => void loadRows(current.id, page),
              }}
            />
          )}
          {current.status === 'committed' && (
            <Result
              status="success"
              title={`已导入 ${current.committedRows.toLocaleString('zh-CN')} 行`}
              extra={props.committedExtra}
            >
              {current.report && <Report report={current.report} labels={labels} />}
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
                    { title: '列', dataIndex: 'field', width: 160 },
                    { title: '问题', dataIndex: 'message' },
                  ]}
                />
              )}
            </>
          )}
        </div>
      )}
      <Table<ImportState>
        size="small"
        rowKey="id"
        title={() => '最近的导入'}
        loading={recent.loading}
        dataSource={recent.data?.items}
        pagination={false}
        columns={[
          { title: '文件', dataIndex: 'fileName' },
          ...(kindLabel ? [{ title: '类型', dataIndex: 'kind', render: (k: string) => kindLabel(k) }] : []),
          { title: '行数', dataIndex: 'total', render: (v: number | null) => v?.toLocaleString('zh-CN') ?? '—' },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: ImportStatus) => <Tag color={IMPORT_STATUS[s].color}>{IMPORT_STATUS[s].label}</Tag>,
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
    </Flex>
  );
}
