// 外部作答导入 (EXM-6): an exam site running another vendor's exam software uploads its finished
// attempts (CSV or JSON, docs/exam-import.md); the per-row report says what was imported and why
// the rest was not. Imported attempts are stored like papers taken here.
import { useState } from 'react';
import { Alert, Button, Card, Flex, Input, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { post, postFile, query } from '../../api';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { fmtDateTime } from '../../shared/format';

interface Report {
  attemptsCreated: number;
  attemptsFailed: number;
  rowsImported: number;
  rowsFailed: number;
  rows: Array<{ row: number; status: 'imported' | 'error'; errors: string[] }>;
}
interface ImportRow {
  id: string;
  vendor: string;
  format: string;
  attemptsCreated: number;
  attemptsFailed: number;
  importedAt: string;
}

export default function AttemptImportPage() {
  const history = useApi<{ items: ImportRow[]; columns: string[] }>('/api/exams/attempt-imports');
  const [vendor, setVendor] = useState('');
  const [report, setReport] = useState<Report | null>(null);
  const [busy, setBusy] = useState(false);
  const showProblem = useProblem();

  const upload = async (file: File) => {
    setBusy(true);
    try {
      const r = file.name.toLowerCase().endsWith('.json')
        ? await post<Report>('/api/exams/attempt-imports', { vendor, rows: JSON.parse(await file.text()) as unknown[] })
        : await postFile<Report>(`/api/exams/attempt-imports/csv${query({ vendor })}`, file, 'text/csv');
      setReport(r);
      history.reload();
    } catch (err) {
      showProblem(err instanceof SyntaxError ? new Error('JSON 文件格式不正确（应为行对象的数组）') : err);
    } finally {
      setBusy(false);
    }
    return false;
  };

  return (
    <Flex vertical gap={16}>
      <Card title="导入外部考试系统作答记录">
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <>
              使用其他厂商考试系统的考点，可将已完成的理论考试作答导入平台，与本平台作答同样保存并用于成绩、档案和考试诚信分析。
              每行为一名考生一道题；列：
              <Typography.Text code>{(history.data?.columns ?? []).join(',')}</Typography.Text>。 时间须带时区（如
              2026-11-23T09:05:12+08:00）。一份作答有任一错误行则整份不导入。格式说明见 docs/exam-import.md。
            </>
          }
        />
        <Space>
          <Input
            style={{ width: 240 }}
            maxLength={50}
            placeholder="考试系统厂商名称"
            value={vendor}
            onChange={(e) => setVendor(e.target.value)}
          />
          <Upload accept=".csv,.json" showUploadList={false} beforeUpload={upload} disabled={!vendor.trim() || busy}>
            <Button type="primary" icon={<UploadOutlined />} loading={busy} disabled={!vendor.trim()}>
              上传 CSV 或 JSON
            </Button>
          </Upload>
        </Space>
        {report && (
          <Flex vertical gap={8} style={{ marginTop: 16 }}>
            <Alert
              type={report.rowsFailed ? 'warning' : 'success'}
              showIcon
              title={`导入 ${report.attemptsCreated} 份作答（${report.rowsImported} 行）；未导入 ${report.attemptsFailed} 份（${report.rowsFailed} 行）`}
            />
            <Table
              size="small"
              rowKey="row"
              pagination={{ pageSize: 20 }}
              dataSource={report.rows.filter((r) => r.status === 'error')}
              locale={{ emptyText: '全部行已导入' }}
              columns={[
                { title: '行', dataIndex: 'row', width: 70 },
                { title: '状态', dataIndex: 'status', width: 90, render: () => <Tag color="red">未导入</Tag> },
                { title: '原因', dataIndex: 'errors', render: (e: string[]) => e.join('；') },
              ]}
            />
          </Flex>
        )}
      </Card>
      <Card title="导入记录">
        {history.error && <ProblemAlert error={history.error} />}
        <Table<ImportRow>
          size="small"
          rowKey="id"
          loading={history.loading}
          dataSource={history.data?.items}
          pagination={false}
          columns={[
            { title: '导入时间', dataIndex: 'importedAt', render: fmtDateTime },
            { title: '厂商', dataIndex: 'vendor' },
            { title: '格式', dataIndex: 'format', render: (f: string) => f.toUpperCase() },
            { title: '导入作答', dataIndex: 'attemptsCreated' },
            { title: '未导入作答', dataIndex: 'attemptsFailed' },
          ]}
        />
      </Card>
    </Flex>
  );
}
