// 我的培训 (TRN-4): the trainee's classes and hours against the syllabus, always visible.
import { Card, Empty, Flex } from 'antd';
import HoursProgressView, { type HoursProgress } from '../../shared/ProgressBar';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface Mine { id: string; name: string; orgName: string | null; itemName: string; progress: HoursProgress }

export default function MyTrainingPage() {
  const { data, error } = useApi<{ items: Mine[] }>('/api/training/me');
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      {data && !data.items.length && <Empty description="尚未参加培训班" />}
      {data?.items.map((c) => (
        <Card key={c.id} title={`${c.name} · ${c.itemName}`} extra={c.orgName}>
          <HoursProgressView progress={c.progress} />
        </Card>
      ))}
    </Flex>
  );
}
