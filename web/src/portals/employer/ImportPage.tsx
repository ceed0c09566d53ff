// 批量导入台账 (REG-4, EMP-3): upload the template as .xlsx or .csv; every row is checked (progress
// shown), every bad row named; the file is imported as a whole after confirmation, or not at all.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Progress, Result, Space, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { get, post, postFile } from '../../api';
import { useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface ImportState {
  id: string;
  fileName: string;
  status: 'validating' | 'rejected' | 'ready' | 'imported' | 'failed';
  total: number;
  processed: number;
  errorCount: number;
  errors: { row: number; field: string; message: string }[];
  newWorkers: number;
  createdAt: string;
  importedAt: string | null;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STATUS_LABELS: Record<ImportState['status'], string> = {
  validating: '检查中',
  rejected: '未通过检查',
  ready: '待确认导入',
  imported: '已导入',
  failed: '检查中断',
};

export default function ImportPage() {
  const [current, setCurrent] = useState<ImportState | null>(null);
  const [uploading, setUploading] = useState(false);
  const [committing, setCommitting] = useState(false);
  const recent = useApi<{ items: ImportState[] }>('/api/employment-imports');
  const { message } = App.useApp();
  const showProblem = useProblem();

  // Poll while the server checks the rows.
  useEffect(() => {
    if (current?.status !== 'validating') return;
    const timer = setTimeout(() => {
      get<ImportState>(`/api/employment-imports/${current.id}`).then(setCurrent, showProblem);
    }, 400);
    return () => clearTimeout(timer);
  }, [current, showProblem]);

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const type = file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : XLSX;
      setCurrent(
        await postFile<ImportState>(`/api/employment-imports?fileName=${encodeURIComponent(file.name)}`, file, type),
      );
    } catch (err) {
      showProblem(err);
    } finally {
      setUploading(false);
    }
    return false;
  };

  const commit = async () => {
    setCommitting(true);
    try {
      const r = await post<ImportState & { imported: number }>(`/api/employment-imports/${current!.id}/commit`);
      setCurrent(r);
      message.success(`已导入 ${r.imported} 人`);
      recent.reload();
    } catch (err) {
      showProblem(err);
    } finally {
      setCommitting(false);
    }
  };

  const percent = current ? Math.floor((current.processed / Math.max(current.total, 1)) * 100) : 0;
  return (
    <Flex vertical gap={16}>
      <Card title="批量导入特种作业人员台账" extra={<Link to="/employer/ledger">返回台账</Link>}>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="按模板填写后上传 .xlsx 或 UTF-8 编码的 .csv。每一行都会检查（身份证号、作业项目、重复等）；任何一行有误，整个文件都不导入，修改后重新上传即可。尚未登记的人员将一并登记建档。所填作业项目须持有效操作证；待取证人员的作业项目可留空。"
          action={<Button href="/api/employment-imports/template.xlsx">下载模板</Button>}
        />
        <Upload
          accept=".xlsx,.csv"
          showUploadList={false}
          beforeUpload={upload}
          disabled={uploading || current?.status === 'validating'}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={uploading}>
            选择文件并检查
          </Button>
        </Upload>
        {current && (
          <div style={{ marginTop: 16 }}>
            <Typography.Text strong>{current.fileName}</Typography.Text>：共 {current.total} 行，
            {STATUS_LABELS[current.status]}
            <Progress
              percent={current.status === 'validating' ? percent : 100}
              status={
                current.status === 'rejected' || current.status === 'failed'
                  ? 'exception'
                  : current.status === 'validating'
                    ? 'active'
                    : 'success'
              }
            />
            {current.status === 'ready' && (
              <Result
                status="info"
                title={`${current.total} 行全部通过检查`}
                subTitle={`其中 ${current.newWorkers} 人尚未登记，导入时将一并登记建档。`}
                extra={
                  <Button type="primary" loading={committing} onClick={commit}>
                    确认导入
                  </Button>
                }
              />
            )}
            {current.status === 'imported' && (
              <Result
                status="success"
                title={`已导入 ${current.total} 人`}
                subTitle="请在聘用之日起 15 日内为每人办理聘用备案。"
                extra={
                  <Link to="/employer/ledger?filing=due">
                    <Button>去备案</Button>
                  </Link>
                }
              />
            )}
            {(current.status === 'rejected' || current.status === 'failed') && (
              <>
                <Alert
                  type="error"
                  showIcon
                  style={{ margin: '12px 0' }}
                  title={`发现 ${current.errorCount} 处错误，文件未导入`}
                  description="请按下表修改后重新上传整个文件。"
                />
                <Table
                  size="small"
                  rowKey={(r) => `${r.row}-${r.field}-${r.message}`}
                  dataSource={current.errors}
                  pagination={{ pageSize: 20 }}
                  columns={[
                    { title: '行号', dataIndex: 'row', width: 80 },
                    { title: '列', dataIndex: 'field', width: 140 },
                    { title: '问题', dataIndex: 'message' },
                  ]}
                />
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
            { title: '行数', dataIndex: 'total' },
            { title: '状态', dataIndex: 'status', render: (s: ImportState['status']) => STATUS_LABELS[s] },
            { title: '错误', dataIndex: 'errorCount' },
            { title: '上传时间', dataIndex: 'createdAt', render: (v: string) => new Date(v).toLocaleString('zh-CN') },
            {
              title: '',
              key: 'open',
              render: (_: unknown, r) => (
                <Space>
                  <Button size="small" type="link" onClick={() => setCurrent(r)}>
                    查看
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
