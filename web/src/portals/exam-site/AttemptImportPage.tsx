// 外部作答导入 (EXM-6) and 历史考试导入 (issue 16): a vendor's exam-software file (.xlsx or .csv, Chinese
// headers as the vendor exports them) goes through the shared import: checked in the background with
// progress, every problem listed, written whole on confirmation. An exam centre imports attempts of its
// own sessions; the province regulator or issuing authority imports exams held before the platform, which
// become sessions marked 导入 and feed the integrity analysis. Format: docs/exam-import.md.
import { useState } from 'react';
import { Alert, Button, Card, Flex, Input, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import BulkImport from '../../shared/BulkImport';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { useSession } from '../../app/auth';

interface PreviewRow {
  session: string;
  past: boolean;
  itemCode: string;
  candidateCode: string | null;
  vendorItemId: string;
  correct: boolean;
  pilot: boolean;
}

interface PastSession {
  id: string;
  code: string | null;
  date: string;
  itemCode: string;
  siteName: string;
  papers: number;
  passed: number;
  vendor: string | null;
}

const LABELS: Record<string, string> = {
  rows: '作答行',
  pilotRows: '其中试测题行',
  attempts: '导入作答（本平台场次）',
  pastAttempts: '历史考试作答',
  sessionsCreated: '新建历史场次',
  candidateCodes: '记住的准考证号对照',
};

export default function AttemptImportPage() {
  const { user } = useSession();
  const past = user.org?.kind !== 'exam_centre';
  const [vendor, setVendor] = useState('');
  const sessions = useApi<{ items: PastSession[] }>('/api/exams/past-sessions');

  return (
    <Flex vertical gap={16}>
      <Card
        title={past ? '历史考试导入（平台上线前举行的考试）' : '导入外部考试系统作答记录'}
        extra={
          <Button
            icon={<DownloadOutlined />}
            href="/api/exams/vendor-imports/templates/vendor-attempts.xlsx"
            target="_blank"
          >
            下载模板
          </Button>
        }
      >
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            past
              ? '导入本辖区考点在平台上线前举行的理论考试作答，用于统计与考试诚信分析。每行为一名考生一道题；须填本平台考点编号、厂商场次代码、考试日期（早于今天）。导入后生成标注“导入”的历史场次（无考试计划、无报名），考生名单取自文件。'
              : '使用其他厂商考试系统的考点，可将本机构场次已完成的理论考试作答导入平台，与本平台作答同样保存并用于成绩、档案和考试诚信分析。'
          }
          description={
            <Typography.Text type="secondary">
              可用中文列名（身份证号、准考证号、考点编号、场次编号、作业项目代码、题号、标准答案、考生答案、是否正确、用时（秒）、是否试测题、应答题数
              {past ? '、考试日期、开考时间' : ''}
              ）。列名无法识别时整份文件退回并说明；试测题记录在卷但不计分、不参与诚信分析；一份作答的题数与“应答题数”不符（如被分在两个文件中）则整份退回；文件只有准考证号时按本厂商的考生对照表找到考生，未对应的准考证号在问题清单中逐一列出。
            </Typography.Text>
          }
        />
        <Space style={{ marginBottom: 12 }}>
          <Typography.Text>考试系统厂商</Typography.Text>
          <Input
            style={{ width: 240 }}
            maxLength={50}
            placeholder="如：某某考试系统"
            value={vendor}
            onChange={(e) => setVendor(e.target.value)}
          />
        </Space>
        <BulkImport<PreviewRow>
          prefix="/api/exams/vendor-imports"
          labels={LABELS}
          uploadQuery={{ vendor: vendor.trim() }}
          uploadDisabled={!vendor.trim()}
          committedExtra={
            <Button
              onClick={() => {
                sessions.reload();
              }}
            >
              刷新历史场次
            </Button>
          }
          rowColumns={[
            {
              title: '场次',
              dataIndex: 'session',
              render: (v: string, r) => (
                <Space>
                  {v}
                  {r.past && <Tag color="purple">导入</Tag>}
                </Space>
              ),
            },
            { title: '作业项目', dataIndex: 'itemCode', width: 90 },
            { title: '准考证号', dataIndex: 'candidateCode', render: (v: string | null) => v ?? '—' },
            { title: '题号', dataIndex: 'vendorItemId' },
            { title: '判分', dataIndex: 'correct', render: (v: boolean) => (v ? '正确' : '错误') },
            { title: '试测题', dataIndex: 'pilot', render: (v: boolean) => (v ? <Tag>试测题</Tag> : '') },
          ]}
        />
      </Card>
      <Card title="历史考试场次（导入）">
        {sessions.error && <ProblemAlert error={sessions.error} />}
        <Table<PastSession>
          size="small"
          rowKey="id"
          loading={sessions.loading}
          dataSource={sessions.data?.items}
          pagination={{ pageSize: 20 }}
          locale={{ emptyText: '暂无导入的历史考试' }}
          columns={[
            {
              title: '考试日期',
              dataIndex: 'date',
              render: (v: string) => (
                <Space>
                  {v}
                  <Tag color="purple">导入</Tag>
                </Space>
              ),
            },
            { title: '考点', dataIndex: 'siteName' },
            { title: '作业项目', dataIndex: 'itemCode' },
            { title: '厂商场次代码', dataIndex: 'code' },
            { title: '厂商', dataIndex: 'vendor', render: (v: string | null) => v ?? '—' },
            { title: '作答份数', dataIndex: 'papers' },
            { title: '合格', dataIndex: 'passed' },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          历史场次由导入生成，不经考试计划和报名；其作答与本平台作答一样参与考试诚信分析（在“考试诚信”页按日期范围或考点发起分析）。
        </Typography.Paragraph>
      </Card>
    </Flex>
  );
}
