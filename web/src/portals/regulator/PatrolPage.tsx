// 远程巡查 (INT-6, "鹰眼"): sessions in progress pushed live (SSE) with progress and live flags; a
// patroller opens a session, sees candidates and video references, warns or cancels a score with a
// reason; counts for the national report; unannounced visits drawn at random and recorded.
import { useEffect, useState } from 'react';
import {
  App,
  Badge,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Input,
  InputNumber,
  Modal,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { post } from '../../api';
import { fmtDateTime, fmtTime } from '../../shared/format';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface BoardSession {
  sessionId: string;
  siteName: string;
  rooms: string[];
  itemCode: string;
  startsAt: string;
  candidates: number;
  progress: number;
  liveFlags: number;
}
interface Board {
  at: string;
  sessions: BoardSession[];
  counts: { sessionsPatrolled: number; warnings: number; cancellations: number };
}
interface LiveFlag {
  kind: string;
  kindLabel: string;
  statistic: string;
  value: number;
  pValue: number | null;
}
interface Candidate {
  paperId: string;
  workerId: string;
  name: string;
  questions: number;
  answered: number;
  submitted: boolean;
  scoreCancelled: boolean;
  liveFlags: LiveFlag[];
  storedFlags: Array<{ id: string; kindLabel: string; score: number }>;
  warnings: number;
}
interface SessionView {
  session: { id: string; siteName: string; itemCode: string; startsAt: string; rooms: string[] };
  videos: Array<{ label: string; reference: string }>;
  candidates: Candidate[];
}
interface Visit {
  id: string;
  siteName: string;
  drawnAt: string;
  findings: string | null;
  recordedAt: string | null;
}

/** The live board by server push; falls back to nothing else: EventSource reconnects by itself. */
function useBoard(): { board: Board | null; connected: boolean } {
  const [board, setBoard] = useState<Board | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource('/api/integrity/patrol/stream');
    source.addEventListener('board', (e) => {
      setBoard(JSON.parse((e as MessageEvent).data));
      setConnected(true);
    });
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, []);
  return { board, connected };
}

function SessionDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { data, error, reload } = useApi<SessionView>(id ? `/api/integrity/patrol/sessions/${id}` : null);
  const { message } = App.useApp();
  const showProblem = useProblem();
  const [acting, setActing] = useState<{ paperId: string; action: 'warning' | 'cancellation' } | null>(null);
  const [reason, setReason] = useState('');
  const act = async () => {
    try {
      await post(`/api/integrity/patrol/sessions/${id}/actions`, { ...acting, reason });
      message.success(acting?.action === 'warning' ? '已警告' : '已取消该考生成绩');
      setActing(null);
      setReason('');
      reload();
    } catch (e) {
      showProblem(e);
    }
  };
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      width={900}
      title={data ? `${data.session.siteName} · ${data.session.itemCode}` : '场次'}
    >
      {error && <ProblemAlert error={error} />}
      {data && (
        <Flex vertical gap={12}>
          <Descriptions
            size="small"
            bordered
            column={2}
            items={[
              { label: '开考', children: fmtDateTime(data.session.startsAt) },
              { label: '考场', children: data.session.rooms.join('、') },
              {
                label: '视频',
                children: data.videos.length
                  ? data.videos.map((v) => (
                      <div key={v.reference}>
                        {v.label}：<Typography.Text code>{v.reference}</Typography.Text>
                      </div>
                    ))
                  : '尚无视频引用',
                span: 2,
              },
            ]}
          />
          <Table<Candidate>
            rowKey="paperId"
            size="small"
            dataSource={data.candidates}
            pagination={false}
            columns={[
              { title: '考生', dataIndex: 'name', render: (n: string, c) => n || `考生 ${c.workerId.slice(0, 8)}` },
              {
                title: '进度',
                key: 'p',
                render: (_, c) => (
                  <Progress
                    percent={Math.round((c.answered / Math.max(c.questions, 1)) * 100)}
                    size="small"
                    status={c.submitted ? 'success' : 'active'}
                  />
                ),
              },
              {
                title: '实时疑点',
                key: 'f',
                render: (_, c) => [
                  ...c.liveFlags.map((f) => (
                    <Tag key={f.kind} color="red">
                      {f.kindLabel}
                    </Tag>
                  )),
                  ...c.storedFlags.map((f) => (
                    <Tag key={f.id} color="orange">
                      {f.kindLabel}
                    </Tag>
                  )),
                ],
              },
              { title: '警告', dataIndex: 'warnings' },
              { title: '成绩', key: 's', render: (_, c) => (c.scoreCancelled ? <Tag color="red">已取消</Tag> : '—') },
              {
                title: '',
                key: 'a',
                render: (_, c) => (
                  <Space>
                    <Button size="small" onClick={() => setActing({ paperId: c.paperId, action: 'warning' })}>
                      警告
                    </Button>
                    <Button
                      size="small"
                      danger
                      disabled={c.scoreCancelled}
                      onClick={() => setActing({ paperId: c.paperId, action: 'cancellation' })}
                    >
                      取消成绩
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </Flex>
      )}
      <Modal
        open={!!acting}
        title={acting?.action === 'warning' ? '警告考生' : '取消考生成绩'}
        okText="确定"
        onOk={act}
        onCancel={() => setActing(null)}
        okButtonProps={{ danger: acting?.action === 'cancellation' }}
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="写明理由（至少 4 个字），如：视频显示考生未操作而试题被作答"
        />
      </Modal>
    </Drawer>
  );
}

function Visits() {
  const { data, error, reload } = useApi<{ items: Visit[] }>('/api/integrity/visits');
  const { message } = App.useApp();
  const showProblem = useProblem();
  const [date, setDate] = useState(dayjs().format('YYYY-MM-DD'));
  const [count, setCount] = useState(2);
  const [editing, setEditing] = useState<Visit | null>(null);
  const [findings, setFindings] = useState('');
  const wrap = (f: () => Promise<void>) => async () => {
    try {
      await f();
      reload();
    } catch (e) {
      showProblem(e);
    }
  };
  return (
    <Card size="small" title="飞行巡考（随机抽取场次，不提前通知）">
      {error && <ProblemAlert error={error} />}
      <Space style={{ marginBottom: 12 }}>
        <DatePicker value={dayjs(date)} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />
        <InputNumber min={1} max={50} value={count} onChange={(v) => setCount(Number(v) || 1)} addonAfter="场" />
        <Button
          onClick={wrap(async () => {
            const r = await post<{ drawn: Visit[]; of: number }>('/api/integrity/visits/draw', { date, count });
            message.success(`从 ${r.of} 个场次中抽取了 ${r.drawn.length} 个`);
          })}
        >
          随机抽取
        </Button>
      </Space>
      <Table<Visit>
        rowKey="id"
        size="small"
        dataSource={data?.items}
        pagination={{ pageSize: 5 }}
        columns={[
          { title: '考点', dataIndex: 'siteName' },
          { title: '抽取时间', dataIndex: 'drawnAt', render: fmtDateTime },
          {
            title: '巡考发现',
            dataIndex: 'findings',
            render: (f: string | null, v) =>
              f ?? (
                <Button
                  size="small"
                  onClick={() => {
                    setEditing(v);
                    setFindings('');
                  }}
                >
                  记录
                </Button>
              ),
          },
        ]}
      />
      <Modal
        open={!!editing}
        title={`巡考发现：${editing?.siteName ?? ''}`}
        onCancel={() => setEditing(null)}
        onOk={wrap(async () => {
          await post(`/api/integrity/visits/${editing!.id}/findings`, { findings });
          setEditing(null);
        })}
      >
        <Input.TextArea
          rows={3}
          maxLength={2000}
          value={findings}
          onChange={(e) => setFindings(e.target.value)}
          placeholder="考场秩序、考试机与登记是否一致、监考履职情况……"
        />
      </Modal>
    </Card>
  );
}

export default function PatrolPage() {
  const { board, connected } = useBoard();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Flex vertical gap={16}>
      <Row gutter={16}>
        <Col span={6}>
          <Card size="small">
            <Statistic title="进行中的场次" value={board?.sessions.length ?? 0} />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="本年巡查场次" value={board?.counts.sessionsPatrolled ?? 0} />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="警告" value={board?.counts.warnings ?? 0} />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="取消成绩" value={board?.counts.cancellations ?? 0} />
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={
          <Space>
            远程巡查看板
            <Badge
              status={connected ? 'processing' : 'default'}
              text={connected ? `实时推送 ${board ? fmtTime(board.at) : ''}` : '连接中…'}
            />
          </Space>
        }
      >
        <Table<BoardSession>
          rowKey="sessionId"
          size="small"
          dataSource={board?.sessions}
          locale={{ emptyText: '当前没有进行中的考试' }}
          onRow={(r) => ({ onClick: () => setOpen(r.sessionId), style: { cursor: 'pointer' } })}
          columns={[
            { title: '考点', dataIndex: 'siteName' },
            { title: '考场', dataIndex: 'rooms', render: (r: string[]) => r.join('、') },
            { title: '项目', dataIndex: 'itemCode' },
            { title: '开考', dataIndex: 'startsAt', render: fmtTime },
            { title: '考生', dataIndex: 'candidates' },
            {
              title: '作答进度',
              dataIndex: 'progress',
              render: (p: number) => <Progress percent={Math.round(p * 100)} size="small" />,
            },
            {
              title: '实时疑点',
              dataIndex: 'liveFlags',
              render: (n: number) => (n ? <Tag color="red">{n} 项</Tag> : <Tag color="green">无</Tag>),
            },
          ]}
        />
      </Card>
      <Visits />
      <SessionDrawer id={open} onClose={() => setOpen(null)} />
    </Flex>
  );
}
