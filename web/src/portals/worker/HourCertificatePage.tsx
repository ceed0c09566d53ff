// 学时证明 (TRN-3): the online hours the server credited, on screen and as a PDF made by the server.
import { Button, Card, Descriptions, Typography } from 'antd';
import ResponsiveTable from '../../shared/ResponsiveTable';
import { useParams } from 'react-router-dom';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { fmtDateTime } from '../../shared/format';

interface Cert {
  title: string;
  learner: string;
  className: string;
  itemCode: string;
  onlineMinutes: number;
  onlineUnits: number;
  issuedAt: string;
  basis: string;
  lessons: Array<{
    lessonId: string;
    lessonTitle: string;
    topic: string;
    creditedMinutes: number;
    sessions: number;
    captures: number;
  }>;
}

export default function HourCertificatePage() {
  const { classId } = useParams();
  const { data, error } = useApi<Cert>(`/api/learning/classes/${classId}/certificate`);
  if (error) return <ProblemAlert error={error} />;
  if (!data) return <Card loading />;
  return (
    <Card
      title={data.title}
      extra={
        <Button type="primary" href={`/api/learning/classes/${classId}/certificate.pdf`}>
          下载学时证明（PDF）
        </Button>
      }
    >
      <Descriptions
        column={2}
        items={[
          { key: 'n', label: '学员', children: data.learner },
          { key: 'c', label: '培训班', children: `${data.className}（项目 ${data.itemCode}）` },
          { key: 'm', label: '线上学习时间', children: `${data.onlineMinutes} 分钟` },
          { key: 'u', label: '线上理论学时', children: <b data-testid="units">{data.onlineUnits} 学时</b> },
          { key: 'd', label: '出具时间', children: fmtDateTime(data.issuedAt) },
        ]}
      />
      <ResponsiveTable
        scroll={{ x: 'max-content' }}
        rowKey="lessonId"
        pagination={false}
        size="small"
        dataSource={data.lessons}
        columns={[
          { title: '课时', dataIndex: 'lessonTitle' },
          { title: '大纲内容', dataIndex: 'topic' },
          { title: '计时（分钟）', dataIndex: 'creditedMinutes' },
          { title: '学习次数', dataIndex: 'sessions' },
          { title: '人像抓拍', dataIndex: 'captures' },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {data.basis}
      </Typography.Paragraph>
    </Card>
  );
}
