// 机构评级 (INS-5): each institution's annual points and A/B/C/D grade, computed from recorded facts;
// every deduction shows the fact behind it; forced exit is proposed below the line; publishing shows
// the grades on the public list (SUP-7).
import { useState } from 'react';
import { App, Button, Drawer, Flex, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { post } from '../../api';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface Row { orgId: string; name: string; regionName: string; points: number; grade: string; exitProposed: boolean; deductionCount: number; published: { rating: string; year: number } | null }
interface Table_ { year: number; pointsStart: number; exitLine: number; notCounted: string[]; counts: Record<string, number>; items: Row[] }
interface Detail { name: string; points: number; grade: string; exitProposed: boolean; pointsStart: number; exitLine: number; deductions: Array<{ kind: string; label: string; points: number; fact: { type: string; id: string | null; text: string; on: string | null } }> }

const GRADE_COLORS: Record<string, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' };
const FACT_LABELS: Record<string, string> = { finding: '检查问题', training_class: '培训班', sanction: '处罚决定', exam_results: '考试成绩', spot_exam: '执法抽考' };

function DetailDrawer({ year, orgId, onClose }: { year: number; orgId: string; onClose: () => void }) {
  const { data, error } = useApi<Detail>(`/api/ratings/${year}/${orgId}`);
  return (
    <Drawer open width={820} title={data ? `${data.name} · ${year} 年度积分考核` : '积分考核'} onClose={onClose}>
      {error && <ProblemAlert error={error} />}
      {data && (
        <Flex vertical gap={16}>
          <Space size={48}>
            <Statistic title="得分" value={data.points} suffix={`/ ${data.pointsStart}`} />
            <Statistic title="等级" value={data.grade} styles={{ content: { color: data.grade === 'D' ? '#cf1322' : undefined } }} />
            <Statistic title="扣分项" value={data.deductions.length} />
          </Space>
          {data.exitProposed && <Typography.Text type="danger">得分低于 {data.exitLine} 分或已被淘汰清退：建议启动强制退出，取消其特种作业培训资格。</Typography.Text>}
          <Table rowKey={(d) => `${d.kind}-${d.fact.id ?? d.fact.text}`} size="small" pagination={false} dataSource={data.deductions}
            columns={[
              { title: '扣分事由', dataIndex: 'label' },
              { title: '扣分', dataIndex: 'points', width: 70, render: (n: number) => `−${n}` },
              { title: '依据的记录', key: 'fact', render: (_: unknown, d: Detail['deductions'][number]) => <>{FACT_LABELS[d.fact.type]}：{d.fact.text}</> },
              { title: '日期', key: 'on', width: 110, render: (_: unknown, d: Detail['deductions'][number]) => d.fact.on ?? '—' },
            ]} />
        </Flex>
      )}
    </Drawer>
  );
}

export default function RatingsPage() {
  const { message } = App.useApp();
  const showProblem = useProblem();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [open, setOpen] = useState<string | null>(null);
  const { data, error, loading, reload } = useApi<Table_>(`/api/ratings/${year}`);
  const publish = async () => {
    try { await post(`/api/ratings/${year}/publish`); message.success('评级已公布，公开名单同步显示'); reload(); } catch (err) { showProblem(err); }
  };
  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }}>机构评级与积分考核</Typography.Title>
        <Select value={year} onChange={setYear} options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: `${y} 年` }))} style={{ width: 110 }} />
        <Button type="primary" onClick={publish}>公布评级</Button>
      </Flex>
      {error && <ProblemAlert error={error} />}
      {data && (
        <>
          <Space size={48}>
            {['A', 'B', 'C', 'D'].map((g) => <Statistic key={g} title={`${g} 级`} value={data.counts[g]} />)}
            <Statistic title="建议强制退出" value={data.counts.exit} styles={{ content: { color: data.counts.exit ? '#cf1322' : undefined } }} />
          </Space>
          <Typography.Text type="secondary">满分 {data.pointsStart}，A ≥ 90，B ≥ 75，C ≥ {data.exitLine}，低于 {data.exitLine} 为 D 并建议强制退出。由检查问题及整改、处罚决定、开班报备、首次考试合格率计算；{data.notCounted.join('、')}暂无平台数据，未计入。</Typography.Text>
        </>
      )}
      <Table<Row> rowKey="orgId" loading={loading} dataSource={data?.items} onRow={(r) => ({ onClick: () => setOpen(r.orgId), style: { cursor: 'pointer' } })}
        columns={[
          { title: '培训机构', dataIndex: 'name' },
          { title: '地区', dataIndex: 'regionName', width: 200 },
          { title: '得分', dataIndex: 'points', width: 80 },
          { title: '等级', dataIndex: 'grade', width: 80, render: (g: string) => <Tag color={GRADE_COLORS[g]}>{g}</Tag> },
          { title: '扣分项', dataIndex: 'deductionCount', width: 80 },
          { title: '', key: 'exit', width: 130, render: (_: unknown, r) => (r.exitProposed ? <Tag color="red">建议强制退出</Tag> : null) },
          { title: '已公布', key: 'pub', width: 90, render: (_: unknown, r) => (r.published ? r.published.rating : '—') },
        ]} />
      {open && <DetailDrawer year={year} orgId={open} onClose={() => setOpen(null)} />}
    </Flex>
  );
}
