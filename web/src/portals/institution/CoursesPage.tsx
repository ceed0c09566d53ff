// 线上课程管理 (TRN-3): courses and lessons of the institution, assigned to its classes, with learning records.
import { useState } from 'react';
import { App, Button, Card, Flex, Form, Input, InputNumber, Select, Table } from 'antd';
import { post } from '../../api';
import { ProblemAlert, useProblem } from '../../shared/problem';
import LearningQuestions from '../../shared/LearningQuestions';
import { useApi } from '../../shared/useApi';

interface Lesson {
  id: string;
  title: string;
  topic: string;
  durationSeconds: number;
  videoUrl: string | null;
}
interface Course {
  id: string;
  title: string;
  itemCode: string;
  lessons: Lesson[];
  classIds: string[];
}
interface Cls {
  id: string;
  name: string;
  itemCode: string;
}
interface Records {
  records: Array<{
    workerId: string;
    lessonTitle: string;
    creditedMinutes: number;
    sessions: number;
    captures: number;
    capturesMatched: number;
    refusedBeats: number;
  }>;
}

export default function CoursesPage() {
  const courses = useApi<Course[]>('/api/learning/courses');
  const classes = useApi<{ items: Cls[] } | Cls[]>('/api/training/classes');
  const classList: Cls[] = Array.isArray(classes.data) ? classes.data : (classes.data?.items ?? []);
  const [recordsOf, setRecordsOf] = useState<string | null>(null);
  const showProblem = useProblem();
  const { message } = App.useApp();
  const done = (text: string) => () => {
    message.success(text);
    courses.reload();
  };
  return (
    <Flex vertical gap={16}>
      {courses.error && <ProblemAlert error={courses.error} />}
      <Card title="新建线上课程">
        <Form layout="inline" onFinish={(v) => post('/api/learning/courses', v).then(done('课程已创建'), showProblem)}>
          <Form.Item name="itemCode" label="作业项目" rules={[{ required: true }]}>
            <Input placeholder="如 1.1" style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="title" label="课程名称" rules={[{ required: true }]}>
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Button htmlType="submit" type="primary">
            创建
          </Button>
        </Form>
      </Card>
      {courses.data?.map((c) => (
        <Card
          key={c.id}
          title={`${c.title}（项目 ${c.itemCode}）`}
          extra={
            <Select
              placeholder="分配给培训班"
              style={{ width: 220 }}
              options={classList.filter((k) => k.itemCode === c.itemCode).map((k) => ({ value: k.id, label: k.name }))}
              onChange={(classId) =>
                post(`/api/learning/courses/${c.id}/classes`, { classId }).then(done('已分配'), showProblem)
              }
            />
          }
        >
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={c.lessons}
            columns={[
              { title: '课时', dataIndex: 'title' },
              { title: '大纲内容', dataIndex: 'topic' },
              { title: '时长（分钟）', render: (_, l) => Math.round(l.durationSeconds / 60) },
              { title: '视频', render: (_, l) => l.videoUrl ?? '演示课程无视频文件' },
            ]}
          />
          <Form
            layout="inline"
            style={{ marginTop: 12 }}
            onFinish={(v) =>
              post(`/api/learning/courses/${c.id}/lessons`, {
                ...v,
                durationSeconds: v.minutes * 60,
                minutes: undefined,
                videoUrl: v.videoUrl || null,
              }).then(done('课时已添加'), showProblem)
            }
          >
            <Form.Item name="title" rules={[{ required: true }]}>
              <Input placeholder="课时名称" />
            </Form.Item>
            <Form.Item name="topic" rules={[{ required: true }]}>
              <Input placeholder="大纲内容" />
            </Form.Item>
            <Form.Item name="minutes" rules={[{ required: true }]}>
              <InputNumber min={1} max={360} placeholder="分钟" />
            </Form.Item>
            <Form.Item name="videoUrl">
              <Input placeholder="视频地址（可选）" />
            </Form.Item>
            <Button htmlType="submit">添加课时</Button>
          </Form>
          <Flex gap={8} style={{ marginTop: 12 }}>
            {c.classIds.map((id) => (
              <Button key={id} size="small" onClick={() => setRecordsOf(id)}>
                学习记录：{classList.find((k) => k.id === id)?.name ?? id}
              </Button>
            ))}
          </Flex>
        </Card>
      ))}
      {recordsOf && <RecordsCard classId={recordsOf} />}
      {recordsOf && <LearningQuestions classId={recordsOf} canAnswer />}
    </Flex>
  );
}

export function RecordsCard({ classId }: { classId: string }) {
  const { data, error } = useApi<Records>(`/api/learning/classes/${classId}/records`);
  if (error) return <ProblemAlert error={error} />;
  return (
    <Card title="学习记录与统计">
      <Table
        rowKey={(r) => `${r.workerId}${r.lessonTitle}`}
        size="small"
        dataSource={data?.records}
        columns={[
          { title: '学员', dataIndex: 'workerId' },
          { title: '课时', dataIndex: 'lessonTitle' },
          { title: '计时（分钟）', dataIndex: 'creditedMinutes' },
          { title: '学习次数', dataIndex: 'sessions' },
          { title: '抓拍/比对通过', render: (_, r) => `${r.captures}/${r.capturesMatched}` },
          { title: '被拒心跳', dataIndex: 'refusedBeats' },
        ]}
      />
    </Card>
  );
}
