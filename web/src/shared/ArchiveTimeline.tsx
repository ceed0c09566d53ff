// 全生命周期档案 (REG-1): every appended event with when, what, who and from which organisation.
import { Card, Empty, Tag, Timeline, Typography } from 'antd';
import type { ArchiveEvent } from '../types';
import { fmtDateTime } from './format';
import { ProblemAlert, RuleTag } from './problem';
import { useApi } from './useApi';

export default function ArchiveTimeline({ workerId }: { workerId: string }) {
  const { data, error, loading } = useApi<{ events: ArchiveEvent[] }>(
    `/api/workers/${encodeURIComponent(workerId)}/archive`,
  );
  const events = [...(data?.events ?? [])].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));

  return (
    <Card
      role="region"
      aria-label="全生命周期档案"
      title="全生命周期档案"
      loading={loading && !data}
      extra={
        <>
          <Typography.Text type="secondary">共 {events.length} 条　</Typography.Text>
          <RuleTag rule="REG-1" />
        </>
      }
    >
      {error && <ProblemAlert error={error} />}
      {data && events.length === 0 && <Empty description="暂无档案记录" />}
      <Timeline
        items={events.map((e) => ({
          key: e.id,
          title: fmtDateTime(e.occurredAt),
          content: (
            <>
              <div>
                <Tag color="blue">{e.kindLabel}</Tag>
                <Typography.Text>{e.summary}</Typography.Text>
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {e.actorName}
                {e.orgName ? ` · ${e.orgName}` : ''}
              </Typography.Text>
            </>
          ),
        }))}
      />
    </Card>
  );
}
