// 在线考试 (EXM-6): the candidate's exams, and the theory paper — one question at a time, a
// navigator, a countdown, autosave. Every answer event is queued in localStorage first and sent
// in order; it leaves the queue only when the server has acknowledged it (after its commit), so a
// reload or a dropped connection loses nothing: the queue is resent and the server ignores repeats.
// Issue 19 item 8: the paper runs full-screen over the whole window (the back-office menu is out of
// reach); leaving full-screen is recorded as an answer event and warned; the header shows the
// candidate's photo and 准考证号; questions can be marked for review. The candidate prints the
// 准考证 and the 成绩单 (theory, practical, final result) from the list.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Avatar, Button, Card, Checkbox, Flex, Modal, Radio, Result, Space, Tag, Typography } from 'antd';
import { FlagFilled, FlagOutlined, UserOutlined } from '@ant-design/icons';
import { post } from '../../api';
import { AdmissionTicketModal, ScoreReportModal } from './ExamPapers';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { fmtDateTime } from '../../shared/format';
import AttemptTag from '../../shared/AttemptTag';
import ResponsiveTable from '../../shared/ResponsiveTable';

export interface ExamResult {
  theoryScore: number | null;
  theoryPassMark: number;
  theoryPassed: boolean;
  practicalScore: number | null;
  practicalPassMark: number;
  practicalPassed: boolean;
  passed: boolean;
  publishedAt: string;
}

export interface Booking {
  bookingId: string;
  admissionNumber: string;
  status: string;
  attempt: string;
  attemptLabel: string;
  siteAddress: string;
  checkedIn: boolean;
  itemCode: string;
  date: string;
  startsAt: string;
  siteName: string;
  paperId: string | null;
  submittedAt: string | null;
  score: number | null;
  passed: boolean | null;
  result: ExamResult | null;
}

interface Question {
  position: number;
  kind: 'judge' | 'single' | 'multiple';
  points: number;
  stem: string;
  options: string[];
}

interface Paper {
  id: string;
  itemCode: string;
  deadline: string;
  serverNow: string;
  submittedAt: string | null;
  score: number | null;
  passed: boolean | null;
  passMark: number;
  lastClientSeq: number;
  questions: Question[];
  answers: Record<string, number[]>;
}

type EventKind =
  | 'question_shown'
  | 'option_selected'
  | 'option_changed'
  | 'focus_lost'
  | 'focus_regained'
  | 'fullscreen_exit'
  | 'fullscreen_enter';

interface PendingEvent {
  clientSeq: number;
  kind: EventKind;
  position?: number;
  selected?: number[];
  clientAt: string;
}

const KIND_LABEL = { judge: '判断题', single: '单选题', multiple: '多选题' } as const;
const LETTERS = 'ABCDEF';

/** Full-screen is asked for in the click that opens the paper (browsers allow it only there). */
function enterFullscreen() {
  if (!document.fullscreenElement) void document.documentElement.requestFullscreen?.().catch(() => undefined);
}

function ResultCell({ b }: { b: Booking }) {
  if (b.result) {
    const part = (label: string, score: number | null, passed: boolean) => (
      <span style={{ whiteSpace: 'nowrap' }}>
        {label} {score === null ? '免考' : `${score} 分`}
        {score !== null && (passed ? '' : '（不合格）')}
      </span>
    );
    return (
      <Space wrap size={4}>
        {part('理论', b.result.theoryScore, b.result.theoryPassed)}
        {part('实操', b.result.practicalScore, b.result.practicalPassed)}
        <Tag color={b.result.passed ? 'green' : 'red'}>{b.result.passed ? '考试合格' : '考试不合格'}</Tag>
      </Space>
    );
  }
  if (b.submittedAt)
    return (
      <Space wrap size={4}>
        <Tag color={b.passed ? 'green' : 'red'}>
          理论 {b.score} 分 {b.passed ? '合格' : '不合格'}
        </Tag>
        <Typography.Text type="secondary">实操及最终结果待发布</Typography.Text>
      </Space>
    );
  return <>—</>;
}

interface OpenSession {
  sessionId: string;
  itemCode: string;
  date: string;
  startsAt: string;
  siteName: string;
  capacity: number;
  seatsLeft: number;
  eligible: boolean;
  attempt: string;
  refusals: Array<{ rule: string; message: string }>;
}

const ATTEMPT_NAMES: Record<string, string> = { first: '首考', makeup: '补考', return: '离岗复考（实操）' };

/**
 * Issue 22: the sessions the candidate may book themselves (TRN-5 class hours and the class's exam
 * application, or an approved TRN-6 direct registration); the server judges each by the same rules
 * as a booking made by an institution, and seats go in order of submission (EXM-3).
 */
function OpenSessions({ onBooked }: { onBooked(): void }) {
  const { data, error, reload } = useApi<{ items: OpenSession[] }>('/api/exams/my-open-sessions');
  const { message, modal } = App.useApp();
  const showProblem = useProblem();
  const book = (s: OpenSession) =>
    modal.confirm({
      title: '确认报名',
      content: `${s.itemCode} ${ATTEMPT_NAMES[s.attempt] ?? ''} · ${fmtDateTime(s.startsAt)} · ${s.siteName}。${
        s.seatsLeft > 0 ? `尚余 ${s.seatsLeft} 个座位。` : '座位已满，将按提交顺序候补。'
      }`,
      okText: '确认报名',
      cancelText: '取消',
      onOk: () =>
        post<{ status: string }>('/api/exams/my-bookings', { sessionId: s.sessionId }).then((b) => {
          message.success(b.status === 'allocated' ? '报名成功，已分配座位' : '报名成功，已进入候补');
          reload();
          onBooked();
        }, showProblem),
    });
  if (error) return <ProblemAlert error={error} />;
  if (!data?.items.length) return null;
  return (
    <Card title="可报名的考试" size="small">
      <Flex vertical gap={12} role="list">
        {data.items.map((s) => (
          <Card
            key={s.sessionId}
            size="small"
            role="listitem"
            type="inner"
            title={`${s.itemCode} · ${fmtDateTime(s.startsAt)}`}
          >
            <Flex vertical gap={6}>
              <Typography.Text>{s.siteName}</Typography.Text>
              <Space wrap size={4}>
                <AttemptTag attempt={s.attempt} />
                {s.seatsLeft > 0 ? (
                  <Tag color="green">余 {s.seatsLeft} 座</Tag>
                ) : (
                  <Tag color="orange">已满，可候补</Tag>
                )}
              </Space>
              {s.refusals.map((r) => (
                <Typography.Text key={r.message} type="danger">
                  {r.message}
                </Typography.Text>
              ))}
              <div className="ql-card-actions">
                <Button type="primary" size="large" disabled={!s.eligible} onClick={() => book(s)}>
                  {s.eligible ? '报名' : '不符合报考条件'}
                </Button>
              </div>
            </Flex>
          </Card>
        ))}
      </Flex>
    </Card>
  );
}

export default function ExamPage() {
  const { data, error, reload } = useApi<{ items: Booking[] }>('/api/exams/my-bookings');
  const [running, setRunning] = useState<{ paper: Paper; booking: Booking } | null>(null);
  const [ticket, setTicket] = useState<Booking | null>(null);
  const [report, setReport] = useState<Booking | null>(null);
  const showProblem = useProblem();

  const open = async (b: Booking) => {
    enterFullscreen();
    try {
      setRunning({ paper: await post<Paper>(`/api/exams/bookings/${b.bookingId}/paper`), booking: b });
    } catch (err) {
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
      showProblem(err);
    }
  };

  if (running)
    return (
      <ExamRunner
        initial={running.paper}
        booking={running.booking}
        onLeave={() => {
          setRunning(null);
          reload();
        }}
      />
    );
  // The paper opens only after the door check (EXM-5): before it the card says so instead of a dead button.
  const actions = (b: Booking) => (
    <Space wrap>
      {!b.submittedAt && b.checkedIn && b.status === 'allocated' && (
        <Button type="primary" onClick={() => open(b)}>
          {b.paperId ? '继续作答' : '开始考试'}
        </Button>
      )}
      {b.status === 'allocated' && !b.result && <Button onClick={() => setTicket(b)}>准考证</Button>}
      {b.result && <Button onClick={() => setReport(b)}>成绩单</Button>}
    </Space>
  );
  return (
    <Flex vertical gap={16}>
      <OpenSessions onBooked={reload} />
      <Card title="我的考试" size="small">
        {error && <ProblemAlert error={error} />}
        <ResponsiveTable<Booking>
          scroll={{ x: 'max-content' }}
          rowKey="bookingId"
          dataSource={data?.items}
          pagination={false}
          locale={{ emptyText: '暂无考试预约' }}
          card={(b) => (
            <Flex vertical gap={6}>
              <Typography.Text strong>
                {b.itemCode} · {fmtDateTime(b.startsAt)}
              </Typography.Text>
              <Typography.Text>{b.siteName}</Typography.Text>
              <Typography.Text type="secondary">准考证号 {b.admissionNumber}</Typography.Text>
              <Space wrap size={4}>
                <AttemptTag attempt={b.attempt} />
                {b.status === 'waitlisted' ? (
                  <Tag color="orange">候补中</Tag>
                ) : b.checkedIn ? (
                  <Tag color="green">已入场核验</Tag>
                ) : (
                  <Tag>未入场核验</Tag>
                )}
              </Space>
              <ResultCell b={b} />
              {!b.submittedAt && !b.checkedIn && b.status === 'allocated' && (
                <Typography.Text type="secondary">
                  考试当天在考场入场核验（身份证 + 人脸）后即可开始作答。
                </Typography.Text>
              )}
              <div className="ql-card-actions">{actions(b)}</div>
            </Flex>
          )}
          columns={[
            { title: '项目', dataIndex: 'itemCode', width: 80 },
            { title: '考试点', dataIndex: 'siteName' },
            { title: '开考时间', dataIndex: 'startsAt', render: fmtDateTime },
            { title: '准考证号', dataIndex: 'admissionNumber' },
            {
              title: '类别',
              dataIndex: 'attempt',
              render: (a: string) => <AttemptTag attempt={a} />,
            },
            {
              title: '入场核验',
              dataIndex: 'checkedIn',
              render: (c: boolean, b) =>
                b.status === 'waitlisted' ? (
                  <Tag color="orange">候补中</Tag>
                ) : c ? (
                  <Tag color="green">已核验</Tag>
                ) : (
                  <Tag>未核验</Tag>
                ),
            },
            { title: '成绩（理论 · 实操 · 结果）', render: (_, b) => <ResultCell b={b} /> },
            { title: '操作', render: (_, b) => actions(b) },
          ]}
        />
        {ticket && <AdmissionTicketModal bookingId={ticket.bookingId} onClose={() => setTicket(null)} />}
        {report && <ScoreReportModal booking={report} onClose={() => setReport(null)} />}
      </Card>
    </Flex>
  );
}

function useCountdown(deadline: string, serverNow: string) {
  const offset = useMemo(() => new Date(serverNow).getTime() - Date.now(), [serverNow]);
  const [left, setLeft] = useState(() => new Date(deadline).getTime() - (Date.now() + offset));
  useEffect(() => {
    const t = setInterval(() => setLeft(new Date(deadline).getTime() - (Date.now() + offset)), 500);
    return () => clearInterval(t);
  }, [deadline, offset]);
  return Math.max(0, left);
}

function ExamRunner({ initial, booking, onLeave }: { initial: Paper; booking: Booking; onLeave: () => void }) {
  const storeKey = `ql-exam-${initial.id}`;
  const markKey = `ql-exam-marks-${initial.id}`;
  // Name and photo as on the 准考证 (the login's display name may be an account label).
  const { data: ticket } = useApi<{ name: string; hasPhoto: boolean; workerId: string }>(
    `/api/exams/bookings/${booking.bookingId}/ticket`,
  );
  const [marked, setMarked] = useState<Set<number>>(() => {
    try {
      return new Set(JSON.parse(localStorage.getItem(markKey) ?? '[]') as number[]);
    } catch {
      return new Set();
    }
  });
  const toggleMark = (position: number) =>
    setMarked((m) => {
      const next = new Set(m);
      if (next.has(position)) next.delete(position);
      else next.add(position);
      localStorage.setItem(markKey, JSON.stringify([...next]));
      return next;
    });
  const [leftFullscreen, setLeftFullscreen] = useState(false);
  const [paper] = useState(initial);
  const [index, setIndex] = useState(0);
  const [answers, setAnswers] = useState<Record<number, number[]>>(() => {
    const merged: Record<number, number[]> = { ...initial.answers };
    for (const e of loadQueue(storeKey)) if (e.position !== undefined && e.selected) merged[e.position] = e.selected;
    return merged;
  });
  const [pending, setPending] = useState(() => loadQueue(storeKey).length);
  const [offline, setOffline] = useState(false);
  const [result, setResult] = useState<{ score: number; passed: boolean; passMark: number } | null>(
    initial.submittedAt ? { score: initial.score!, passed: !!initial.passed, passMark: initial.passMark } : null,
  );
  const seq = useRef(Math.max(initial.lastClientSeq, ...loadQueue(storeKey).map((e) => e.clientSeq)));
  const sending = useRef(false);
  const left = useCountdown(paper.deadline, paper.serverNow);
  const showProblem = useProblem();

  const flush = useCallback(async () => {
    if (sending.current) return;
    const queue = loadQueue(storeKey);
    if (!queue.length) return;
    sending.current = true;
    try {
      const { acked } = await post<{ acked: number[] }>(`/api/exams/papers/${paper.id}/events`, {
        events: queue.slice(0, 200),
      });
      const done = new Set(acked);
      saveQueue(
        storeKey,
        loadQueue(storeKey).filter((e) => !done.has(e.clientSeq)),
      );
      setOffline(false);
    } catch {
      setOffline(true);
    } finally {
      sending.current = false;
      setPending(loadQueue(storeKey).length);
    }
  }, [paper.id, storeKey]);

  const record = useCallback(
    (event: Omit<PendingEvent, 'clientSeq' | 'clientAt'>) => {
      seq.current += 1;
      saveQueue(storeKey, [
        ...loadQueue(storeKey),
        { ...event, clientSeq: seq.current, clientAt: new Date().toISOString() },
      ]);
      setPending(loadQueue(storeKey).length);
      void flush();
    },
    [flush, storeKey],
  );

  // Leaving full-screen is recorded (the integrity review reads it with the other answer events) and
  // warned; returning is recorded too. A browser without full-screen simply never reports a change.
  useEffect(() => {
    if (result) return;
    const changed = () => {
      if (document.fullscreenElement) {
        setLeftFullscreen(false);
        record({ kind: 'fullscreen_enter' });
      } else {
        setLeftFullscreen(true);
        record({ kind: 'fullscreen_exit' });
      }
    };
    document.addEventListener('fullscreenchange', changed);
    return () => document.removeEventListener('fullscreenchange', changed);
  }, [record, result]);

  useEffect(() => {
    const t = setInterval(() => void flush(), 3000);
    const lost = () => record({ kind: 'focus_lost' });
    const back = () => record({ kind: 'focus_regained' });
    const vis = () => (document.hidden ? lost() : back());
    window.addEventListener('blur', lost);
    window.addEventListener('focus', back);
    document.addEventListener('visibilitychange', vis);
    return () => {
      clearInterval(t);
      window.removeEventListener('blur', lost);
      window.removeEventListener('focus', back);
      document.removeEventListener('visibilitychange', vis);
    };
  }, [flush, record]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a question is recorded as shown when the position changes, not when the recorder or result changes
  useEffect(() => {
    if (!result) record({ kind: 'question_shown', position: index });
  }, [index]);

  const choose = (selected: number[]) => {
    const had = answers[index]?.length;
    setAnswers((a) => ({ ...a, [index]: selected }));
    record({ kind: had ? 'option_changed' : 'option_selected', position: index, selected });
  };

  const submit = useCallback(async () => {
    await flush();
    try {
      seq.current += 1;
      const body = {
        clientSeq: seq.current,
        answers: paper.questions.map((q) => ({ position: q.position, selected: answers[q.position] ?? [] })),
      };
      const r = await post<{ score: number; passed: boolean; passMark: number }>(
        `/api/exams/papers/${paper.id}/submit`,
        body,
      );
      localStorage.removeItem(storeKey);
      localStorage.removeItem(markKey);
      setResult(r);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    } catch (err) {
      showProblem(err);
    }
  }, [answers, flush, paper, showProblem, storeKey, markKey]);

  const submitted = useRef(false);
  useEffect(() => {
    if (left === 0 && !result && !submitted.current) {
      submitted.current = true;
      void submit();
    }
  }, [left, result, submit]);

  if (result) {
    return (
      <Result
        status={result.passed ? 'success' : 'warning'}
        title={`理论考试成绩：${result.score} 分`}
        subTitle={`合格线 ${result.passMark} 分，${result.passed ? '成绩合格' : '成绩不合格，可按规定申请补考 1 次'}。实操成绩和最终结果由考试机构发布后在本页查看。`}
        extra={<Button onClick={onLeave}>返回</Button>}
      />
    );
  }
  const q = paper.questions[index];
  const answered = paper.questions.filter((x) => answers[x.position]?.length).length;
  const minutes = Math.floor(left / 60000);
  const seconds = Math.floor((left % 60000) / 1000);
  return (
    // The whole window: the back office's menu and header are underneath, out of reach, until the paper is handed in.
    <div
      data-testid="exam-room"
      style={{ position: 'fixed', inset: 0, zIndex: 999, background: '#f5f6f8', overflow: 'auto', padding: 16 }}
    >
      <Flex vertical gap={12} style={{ maxWidth: 1320, margin: '0 auto' }}>
        <Card size="small">
          <Flex justify="space-between" align="center" wrap gap={12}>
            <Flex gap={12} align="center">
              <Avatar
                shape="square"
                size={56}
                icon={<UserOutlined />}
                src={ticket?.hasPhoto ? `/api/workers/${ticket.workerId}/face/photo` : undefined}
                alt="考生照片"
              />
              <Flex vertical>
                <Typography.Text strong style={{ fontSize: 16 }}>
                  {ticket?.name ?? ''}
                </Typography.Text>
                <Typography.Text>准考证号 {booking.admissionNumber}</Typography.Text>
                <Typography.Text type="secondary">
                  {booking.itemCode} · {booking.siteName} · {booking.attemptLabel}
                </Typography.Text>
              </Flex>
            </Flex>
            <Typography.Text strong style={{ fontSize: 20 }} type={left < 5 * 60000 ? 'danger' : undefined}>
              剩余 {minutes}:{String(seconds).padStart(2, '0')}
            </Typography.Text>
          </Flex>
        </Card>
        {leftFullscreen && (
          <Alert
            type="error"
            showIcon
            title="您已退出全屏：该行为已记录并将由监考和监管部门复核。请立即返回全屏继续作答。"
            action={
              <Button danger size="small" onClick={enterFullscreen}>
                返回全屏
              </Button>
            }
          />
        )}
        <Flex gap={16} align="start" wrap>
          <Card
            style={{ flex: 1, minWidth: 320, minHeight: 520 }}
            title={`第 ${index + 1} / ${paper.questions.length} 题 · ${KIND_LABEL[q.kind]}（${q.points} 分）`}
            extra={
              <Button
                size="small"
                icon={marked.has(index) ? <FlagFilled style={{ color: '#fa8c16' }} /> : <FlagOutlined />}
                onClick={() => toggleMark(index)}
              >
                {marked.has(index) ? '取消标记' : '标记待查'}
              </Button>
            }
          >
            {offline && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                title="网络连接中断：作答已保存在本机，恢复连接后自动提交，请继续作答。"
              />
            )}
            <Typography.Paragraph style={{ fontSize: 18 }}>{q.stem}</Typography.Paragraph>
            {q.kind === 'multiple' ? (
              <Checkbox.Group value={answers[index] ?? []} onChange={(v) => choose((v as number[]).slice().sort())}>
                <Space direction="vertical">
                  {q.options.map((o, i) => (
                    <Checkbox key={i} value={i} style={{ fontSize: 16 }}>
                      {LETTERS[i]}. {o}
                    </Checkbox>
                  ))}
                </Space>
              </Checkbox.Group>
            ) : (
              <Radio.Group value={answers[index]?.[0]} onChange={(e) => choose([e.target.value as number])}>
                <Space direction="vertical">
                  {q.options.map((o, i) => (
                    <Radio key={i} value={i} style={{ fontSize: 16 }}>
                      {q.kind === 'judge' ? o : `${LETTERS[i]}. ${o}`}
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
            )}
            <Flex gap={8} style={{ marginTop: 32 }}>
              <Button disabled={index === 0} onClick={() => setIndex(index - 1)}>
                上一题
              </Button>
              <Button
                type="primary"
                disabled={index === paper.questions.length - 1}
                onClick={() => setIndex(index + 1)}
              >
                下一题
              </Button>
            </Flex>
          </Card>
          <Card
            style={{ width: 330 }}
            title={`答题卡（已答 ${answered}）`}
            extra={<Typography.Text type="secondary">{pending ? `待上传 ${pending}` : '已保存'}</Typography.Text>}
          >
            <Flex wrap gap={4}>
              {paper.questions.map((x) => (
                <Button
                  key={x.position}
                  size="small"
                  aria-label={`第 ${x.position + 1} 题${marked.has(x.position) ? '（已标记）' : ''}`}
                  style={{
                    width: 34,
                    padding: 0,
                    ...(marked.has(x.position) ? { borderColor: '#fa8c16', boxShadow: 'inset 0 -3px 0 #fa8c16' } : {}),
                  }}
                  type={x.position === index ? 'primary' : answers[x.position]?.length ? 'default' : 'dashed'}
                  onClick={() => setIndex(x.position)}
                >
                  {x.position + 1}
                </Button>
              ))}
            </Flex>
            <Flex gap={12} wrap style={{ marginTop: 8, fontSize: 12 }}>
              <Typography.Text type="secondary">实线：已答</Typography.Text>
              <Typography.Text type="secondary">虚线：未答</Typography.Text>
              <Typography.Text style={{ color: '#fa8c16', fontSize: 12 }}>橙色：标记待查 {marked.size}</Typography.Text>
            </Flex>
            {marked.size > 0 && (
              <Button size="small" type="link" style={{ padding: 0 }} onClick={() => setIndex(Math.min(...marked))}>
                查看标记的题目
              </Button>
            )}
            <Button
              danger
              type="primary"
              block
              style={{ marginTop: 16 }}
              onClick={() =>
                Modal.confirm({
                  title: '确认交卷？',
                  content: `已答 ${answered} 题，共 ${paper.questions.length} 题${
                    marked.size ? `，${marked.size} 题标记待查` : ''
                  }。交卷后不能再修改。`,
                  okText: '交卷',
                  cancelText: '继续作答',
                  onOk: submit,
                })
              }
            >
              交卷
            </Button>
          </Card>
        </Flex>
      </Flex>
    </div>
  );
}

function loadQueue(key: string): PendingEvent[] {
  try {
    return JSON.parse(localStorage.getItem(key) ?? '[]') as PendingEvent[];
  } catch {
    return [];
  }
}

function saveQueue(key: string, queue: PendingEvent[]): void {
  localStorage.setItem(key, JSON.stringify(queue));
}
