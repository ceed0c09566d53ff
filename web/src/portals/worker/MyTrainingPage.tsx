// 我的培训 (TRN-4): the trainee's classes and hours against the syllabus, always visible.
import { App, Button, Card, Empty, Flex, Tag } from 'antd';
import { useNavigate } from 'react-router-dom';
import { post } from '../../api';
import DirectRegistrations from '../../shared/DirectRegistrations';
import ClassReviewsCard from './ClassReviewsCard';
import HoursProgressView, { type HoursProgress } from '../../shared/ProgressBar';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface Mine {
  id: string;
  name: string;
  kind?: 'initial' | 'review';
  orgName: string | null;
  itemName: string;
  progress: HoursProgress;
}

export default function MyTrainingPage() {
  const { data, error } = useApi<{ items: Mine[] }>('/api/training/me');
  const showProblem = useProblem();
  const navigate = useNavigate();
  const { message } = App.useApp();
  // TRN-5: the server refuses until the hours are met, and says which are missing.
  const request = (id: string) =>
    post(`/api/training/classes/${id}/exam-request`).then(
      () => message.success('已提交考试申请，等待培训机构统一报名'),
      showProblem,
    );
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      <Card size="small">
        <Button type="link" onClick={() => navigate('/me/training/learning')}>
          进入线上学习
        </Button>
      </Card>
      {data && !data.items.length && <Empty description="尚未参加培训班" />}
      {data?.items.map((c) => (
        <Card
          key={c.id}
          title={`${c.name} · ${c.itemName}`}
          extra={
            c.kind === 'review' ? (
              <Tag color="purple">复审培训（学时用于证书复审）</Tag>
            ) : (
              <Button type="primary" disabled={!c.progress.met} onClick={() => request(c.id)}>
                申请考试
              </Button>
            )
          }
        >
          <HoursProgressView progress={c.progress} />
        </Card>
      ))}
      <ClassReviewsCard />
      <DirectRegistrations reviewer={false} />
    </Flex>
  );
}
