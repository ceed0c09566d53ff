// Spot exams on site (逢查必考, SUP-3): the row shape the API returns and its table, shared by the
// inspector's, the regulator's and the employer's pages.
import { Table, Tag } from 'antd';
import { fmtDateTime } from './format';

export interface SpotExam {
  id: string;
  code: string | null;
  inspectionId: string;
  targetName: string;
  regionName: string;
  workerName: string;
  idNumberMasked: string;
  hasCertificate: boolean;
  itemCode: string;
  itemName: string;
  employerName: string | null;
  institutionName: string | null;
  siteName: string | null;
  status: 'issued' | 'started' | 'submitted';
  issuedAt: string;
  codeExpiresAt: string;
  submittedAt: string | null;
  questionCount: number;
  correct: number | null;
  score: number | null;
  passed: boolean | null;
}

export function SpotResultTag({ e }: { e: SpotExam }) {
  if (e.status === 'issued') return <Tag color="blue">待作答</Tag>;
  if (e.status === 'started') return <Tag color="orange">作答中</Tag>;
  return (
    <Tag color={e.passed ? 'green' : 'red'}>
      {e.score} 分 · {e.passed ? '合格' : '不合格'}
    </Tag>
  );
}

export function SpotExamTable({ items, showPlace = true }: { items: SpotExam[]; showPlace?: boolean }) {
  return (
    <Table<SpotExam>
      size="small"
      rowKey="id"
      dataSource={items}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 900 }}
      columns={[
        {
          title: '人员',
          render: (_, e) => (
            <>
              {e.workerName}
              <div style={{ fontSize: 12, color: '#888' }}>{e.idNumberMasked}</div>
            </>
          ),
        },
        { title: '作业项目', dataIndex: 'itemName' },
        { title: '结果', render: (_, e) => <SpotResultTag e={e} /> },
        ...(showPlace ? [{ title: '检查对象', dataIndex: 'targetName' }] : []),
        { title: '培训机构', render: (_, e) => e.institutionName ?? '—' },
        { title: '考试点', render: (_, e) => e.siteName ?? '—' },
        { title: '持证', render: (_, e) => (e.hasCertificate ? '有' : <Tag color="red">未持证</Tag>) },
        { title: '时间', render: (_, e) => fmtDateTime(e.submittedAt ?? e.issuedAt) },
      ]}
    />
  );
}
