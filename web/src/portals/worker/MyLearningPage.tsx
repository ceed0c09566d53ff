// 我的线上学习 (TRN-3): lessons of the trainee's classes with the minutes the server has credited.
import { Button, Card, Empty, Flex } from 'antd';
import ResponsiveTable from '../../shared/ResponsiveTable';
import { useNavigate } from 'react-router-dom';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface Lesson {
  id: string;
  title: string;
  topic: string;
  durationSeconds: number;
  videoUrl: string | null;
}
interface ClassRecords {
  classId: string;
  className: string;
  lessons: Lesson[];
  records: Array<{ lessonId: string; creditedMinutes: number; sessions: number; captures: number }>;
}

export default function MyLearningPage() {
  const { data, error } = useApi<ClassRecords[]>('/api/learning/me');
  const navigate = useNavigate();
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      {data && !data.some((c) => c.lessons.length) && <Empty description="暂无线上课程" />}
      {data
        ?.filter((c) => c.lessons.length)
        .map((c) => (
          <Card
            key={c.classId}
            title={`${c.className} · 线上课程`}
            extra={<Button onClick={() => navigate(`/me/training/certificate/${c.classId}`)}>学时证明</Button>}
          >
            <ResponsiveTable
              rowKey="id"
              pagination={false}
              dataSource={c.lessons}
              columns={[
                { title: '课时', dataIndex: 'title' },
                { title: '大纲内容', dataIndex: 'topic' },
                { title: '时长', render: (_, l) => `${Math.round(l.durationSeconds / 60)} 分钟` },
                {
                  title: '已计时',
                  render: (_, l) => `${c.records.find((r) => r.lessonId === l.id)?.creditedMinutes ?? 0} 分钟`,
                },
                {
                  title: '',
                  render: (_, l) => (
                    <Button type="primary" onClick={() => navigate(`/me/training/learn/${c.classId}/${l.id}`)}>
                      开始学习
                    </Button>
                  ),
                },
              ]}
            />
          </Card>
        ))}
    </Flex>
  );
}
