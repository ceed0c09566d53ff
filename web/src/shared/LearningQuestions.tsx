// TRN-3 互动: the class's questions to the teacher; the trainee asks, the institution answers.
import { Button, Card, Input, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { post } from '../api';
import { useProblem } from './problem';
import { useApi } from './useApi';

interface Question {
  id: string;
  question: string;
  answer: string | null;
  askedAt: string;
}

export default function LearningQuestions({
  classId,
  lessonId,
  canAnswer,
}: {
  classId: string;
  lessonId?: string;
  canAnswer: boolean;
}) {
  const { data, reload } = useApi<Question[]>(`/api/learning/classes/${classId}/questions`);
  const [text, setText] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const showProblem = useProblem();
  const ask = () =>
    post(`/api/learning/classes/${classId}/questions`, { question: text, lessonId: lessonId ?? null }).then(() => {
      setText('');
      reload();
    }, showProblem);
  const answer = (id: string) =>
    post(`/api/learning/questions/${id}/answer`, { answer: answers[id] ?? '' }).then(reload, showProblem);
  return (
    <Card size="small" title="互动答疑">
      {!canAnswer && (
        <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
          <Input value={text} maxLength={1000} onChange={(e) => setText(e.target.value)} placeholder="向教师提问" />
          <Button type="primary" disabled={!text.trim()} onClick={ask}>
            提问
          </Button>
        </Space.Compact>
      )}
      <List
        dataSource={data ?? []}
        locale={{ emptyText: '暂无提问' }}
        renderItem={(q) => (
          <List.Item>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text strong>问：{q.question}</Typography.Text>
              {q.answer ? (
                <Typography.Text>答：{q.answer}</Typography.Text>
              ) : canAnswer ? (
                <Space.Compact style={{ width: '100%' }}>
                  <Input
                    maxLength={1000}
                    onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })}
                    placeholder="答复"
                  />
                  <Button onClick={() => answer(q.id)}>答复</Button>
                </Space.Compact>
              ) : (
                <Typography.Text type="secondary">待教师答复</Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
