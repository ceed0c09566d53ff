// 逢查必考 (SUP-3): the worker's spot exam on a phone, without an account. The one-time code (typed, or
// in the link from the inspector's QR) opens the paper once; one question at a time; the time limit
// shows; the server scores the answers and the result shows at once.
import { useEffect, useState } from 'react';
import { Button, Card, Checkbox, Flex, Input, Progress, Radio, Result, Space, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { post } from '../../api';
import { ProblemAlert, asApiError } from '../../shared/problem';

interface Paper {
  token: string;
  workerName: string;
  itemName: string;
  deadlineAt: string;
  passMark: number;
  questions: Array<{ id: string; kind: string; stem: string; options: string[] }>;
}
interface Outcome {
  score: number;
  correct: number;
  total: number;
  passed: boolean;
  passMark: number;
}

function useRemaining(deadline: string | undefined) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return deadline ? Math.max(0, Math.floor((new Date(deadline).getTime() - now) / 1000)) : 0;
}

export default function SpotExamPage() {
  const { code } = useParams();
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const [paper, setPaper] = useState<Paper | null>(null);
  const [answers, setAnswers] = useState<number[][]>([]);
  const [at, setAt] = useState(0);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const remaining = useRemaining(paper?.deadlineAt);

  const openPaper = async () => {
    if (!code) return;
    setBusy(true);
    setError(null);
    try {
      const p = await post<Paper>(`/api/public/spot-exams/${code}/open`);
      setPaper(p);
      setAnswers(p.questions.map(() => []));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const submit = async () => {
    if (!paper || !code) return;
    setBusy(true);
    try {
      setOutcome(await post<Outcome>(`/api/public/spot-exams/${code}/submit`, { token: paper.token, answers }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const wrap = (content: React.ReactNode) => (
    <div style={{ maxWidth: 480, margin: '0 auto', padding: 16 }}>
      <Typography.Title level={4} style={{ textAlign: 'center' }}>
        特种作业人员现场抽考
      </Typography.Title>
      {error ? (
        <div style={{ marginBottom: 12 }}>
          <ProblemAlert error={asApiError(error)} />
        </div>
      ) : null}
      {content}
    </div>
  );

  if (outcome)
    return wrap(
      <Result
        status={outcome.passed ? 'success' : 'error'}
        title={
          <span data-testid="spot-result">
            {outcome.score} 分 · {outcome.passed ? '合格' : '不合格'}
          </span>
        }
        subTitle={`答对 ${outcome.correct} / ${outcome.total} 题，合格线 ${outcome.passMark} 分。结果已记入本人特种作业档案。`}
      />,
    );

  if (!code)
    return wrap(
      <Card>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>请输入检查人员提供的抽考码：</Typography.Text>
          <Input
            size="large"
            value={typed}
            maxLength={10}
            onChange={(e) => setTyped(e.target.value.toUpperCase())}
            placeholder="10 位抽考码"
          />
          <Button
            type="primary"
            size="large"
            block
            disabled={typed.length !== 10}
            onClick={() => navigate(`/spot/${typed}`)}
          >
            下一步
          </Button>
        </Space>
      </Card>,
    );

  if (!paper)
    return wrap(
      <Card>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>
            抽考码 <Typography.Text strong>{code}</Typography.Text>{' '}
            只能打开一次，打开后开始计时，请在检查人员面前独立作答。
          </Typography.Paragraph>
          <Button type="primary" size="large" block loading={busy} onClick={openPaper} data-testid="spot-open">
            开始答题
          </Button>
        </Space>
      </Card>,
    );

  const q = paper.questions[at];
  const chosen = answers[at] ?? [];
  const setChosen = (v: number[]) => setAnswers((a) => a.map((x, i) => (i === at ? v : x)));
  const answered = answers.filter((a) => a.length > 0).length;
  const last = at === paper.questions.length - 1;
  return wrap(
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">
        {paper.workerName} · {paper.itemName} · 剩余 {Math.floor(remaining / 60)}:
        {String(remaining % 60).padStart(2, '0')}
      </Typography.Text>
      <Progress
        percent={Math.round((answered * 100) / paper.questions.length)}
        format={() => `${answered}/${paper.questions.length}`}
      />
      <Card
        title={`第 ${at + 1} 题（${q.kind === 'judge' ? '判断' : q.kind === 'multiple' ? '多选' : '单选'}）`}
        data-testid="spot-question"
      >
        <Typography.Paragraph>{q.stem}</Typography.Paragraph>
        {q.kind === 'multiple' ? (
          <Checkbox.Group value={chosen} onChange={(v) => setChosen((v as number[]).slice().sort())}>
            <Space orientation="vertical">
              {q.options.map((o, i) => (
                <Checkbox key={i} value={i}>
                  {String.fromCharCode(65 + i)}. {o}
                </Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
        ) : (
          <Radio.Group value={chosen[0]} onChange={(e) => setChosen([e.target.value as number])}>
            <Space orientation="vertical">
              {q.options.map((o, i) => (
                <Radio key={i} value={i}>
                  {String.fromCharCode(65 + i)}. {o}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        )}
      </Card>
      <Flex gap={8}>
        <Button size="large" disabled={at === 0} onClick={() => setAt(at - 1)} style={{ flex: 1 }}>
          上一题
        </Button>
        {last ? (
          <Button
            size="large"
            type="primary"
            loading={busy}
            onClick={submit}
            style={{ flex: 1 }}
            data-testid="spot-submit"
          >
            交卷
          </Button>
        ) : (
          <Button size="large" type="primary" onClick={() => setAt(at + 1)} style={{ flex: 1 }} data-testid="spot-next">
            下一题
          </Button>
        )}
      </Flex>
    </Flex>,
  );
}
