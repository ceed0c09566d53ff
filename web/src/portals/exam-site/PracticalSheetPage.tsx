// 实操评分 (EXM-7): the examiner's tablet page — pick a session and a checked-in candidate, record
// deductions subject by subject against the item's standard in force in the province (its own
// subjects, scoring points and common subjects), submit once. Items on real equipment need two examiners.
import { useState } from 'react';
import {
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Select,
  Space,
  Statistic,
  Tag,
  Typography,
  message,
} from 'antd';
import { post } from '../../api';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { fmtDate, fmtDateTime } from '../../shared/format';

interface SessionRow {
  id: string;
  itemCode: string;
  startsAt: string;
  siteName: string;
}
interface RosterEntry {
  id: string;
  name: string;
  idNumberMasked: string;
  checkedInAt: string | null;
}
interface Standard {
  itemName: string;
  examiners: number;
  source?: 'province' | 'national';
  effectiveFrom?: string | null;
  subjects: Array<{
    code: string;
    name: string;
    maxScore: number;
    realEquipment?: boolean;
    commonSubjects?: string[];
    criteria?: string[];
  }>;
}
type Deduction = { points: number; reason: string };
interface Station {
  name: string;
  real: boolean;
}

export default function PracticalSheetPage() {
  const sessions = useApi<{ items: SessionRow[] }>('/api/exams/sessions?pageSize=100');
  const [sessionId, setSessionId] = useState<string>();
  // Practical exams are scored on the exam day: today's sessions first, the others on request.
  const [allDays, setAllDays] = useState(false);
  const today = fmtDate(new Date().toISOString());
  const offered = (sessions.data?.items ?? []).filter((s) => allDays || fmtDate(s.startsAt) === today);
  const session = sessions.data?.items.find((s) => s.id === sessionId);
  const roster = useApi<{ bookings: RosterEntry[]; stations: Station[] }>(
    sessionId ? `/api/exams/sessions/${sessionId}` : null,
  );
  const standard = useApi<Standard>(session ? `/api/exams/standards/${session.itemCode}` : null);
  const [candidate, setCandidate] = useState<RosterEntry | null>(null);
  return (
    <Flex gap={16} align="start" wrap>
      <Card title="实操评分" style={{ width: 360 }}>
        {sessions.error && <ProblemAlert error={sessions.error} />}
        <Select
          style={{ width: '100%' }}
          placeholder={allDays ? '选择考试场次' : '选择今日考试场次'}
          value={sessionId}
          onChange={(v) => {
            setSessionId(v);
            setCandidate(null);
          }}
          options={offered.map((s) => ({
            value: s.id,
            label: `${fmtDateTime(s.startsAt)} ${s.siteName} ${s.itemCode}`,
          }))}
        />
        <Checkbox style={{ marginTop: 8 }} checked={allDays} onChange={(e) => setAllDays(e.target.checked)}>
          显示其他日期的场次
        </Checkbox>
        <List
          style={{ marginTop: 12 }}
          dataSource={roster.data?.bookings.filter((b) => b.checkedInAt)}
          locale={{ emptyText: '暂无已入场考生' }}
          renderItem={(b) => (
            <List.Item
              onClick={() => setCandidate(b)}
              style={{ cursor: 'pointer', background: candidate?.id === b.id ? '#e6f4ff' : undefined, padding: 12 }}
            >
              {b.name}
              <Typography.Text type="secondary">{b.idNumberMasked}</Typography.Text>
            </List.Item>
          )}
        />
      </Card>
      {candidate && standard.data && (
        <SheetForm
          key={candidate.id}
          bookingId={candidate.id}
          name={candidate.name}
          standard={standard.data}
          stations={roster.data?.stations ?? []}
        />
      )}
    </Flex>
  );
}

function SheetForm({
  bookingId,
  name,
  standard,
  stations,
}: {
  bookingId: string;
  name: string;
  standard: Standard;
  stations: Station[];
}) {
  const [deductions, setDeductions] = useState<Record<string, Deduction[]>>({});
  // EXM-9: the station the candidate used; with one for the item the server records it itself.
  const [station, setStation] = useState<string | undefined>(stations.length === 1 ? stations[0].name : undefined);
  const [done, setDone] = useState(false);
  const showProblem = useProblem();
  const score = (code: string, max: number) =>
    Math.max(0, max - (deductions[code] ?? []).reduce((n, d) => n + (d.points || 0), 0));
  const total = standard.subjects.reduce((n, s) => n + score(s.code, s.maxScore), 0);
  const change = (code: string, list: Deduction[]) => setDeductions((d) => ({ ...d, [code]: list }));
  const submit = async () => {
    try {
      await post(`/api/exams/bookings/${bookingId}/practical-sheet`, {
        subjects: standard.subjects.map((s) => ({
          code: s.code,
          deductions: (deductions[s.code] ?? []).filter((d) => d.points > 0 && d.reason.trim()),
        })),
        ...(station ? { station } : {}),
      });
      message.success('评分表已提交');
      setDone(true);
    } catch (err) {
      showProblem(err);
    }
  };
  return (
    <Card
      style={{ flex: 1, minWidth: 600 }}
      title={`${name} · ${standard.itemName}`}
      extra={
        <Space>
          {standard.examiners === 2 && <Tag color="blue">须两名考评员分别评分</Tag>}
          <Tag>
            {standard.source === 'province' ? `本省评分标准（自 ${standard.effectiveFrom} 起）` : '全国评分标准'}
          </Tag>
          <Statistic value={total} suffix="/ 100" />
        </Space>
      }
    >
      <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
        <Typography.Text>实操工位：</Typography.Text>
        <Select
          aria-label="实操工位"
          style={{ minWidth: 240 }}
          placeholder="选择考生使用的工位"
          value={station}
          onChange={setStation}
          options={stations.map((s) => ({
            value: s.name,
            label: `${s.name}${s.real ? '（实物设备）' : '（模拟设备）'}`,
          }))}
        />
      </Flex>
      {standard.subjects.map((s) => (
        <Card
          key={s.code}
          size="small"
          style={{ marginBottom: 12 }}
          title={`${s.code} ${s.name}（${s.maxScore} 分）`}
          extra={<Typography.Text strong>得分 {score(s.code, s.maxScore)}</Typography.Text>}
        >
          {(s.criteria?.length || s.realEquipment) && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {s.realEquipment && <Tag color="orange">实物设备</Tag>}
              考核要点：{s.criteria?.join('；') || '—'}
            </Typography.Paragraph>
          )}
          <Form layout="inline">
            {(deductions[s.code] ?? []).map((d, i) => (
              <Space key={i} style={{ marginBottom: 8, width: '100%' }}>
                <InputNumber
                  aria-label={`${s.code} 扣分`}
                  min={0.5}
                  max={s.maxScore}
                  step={0.5}
                  value={d.points}
                  onChange={(v) =>
                    change(
                      s.code,
                      (deductions[s.code] ?? []).map((x, j) => (j === i ? { ...x, points: Number(v) } : x)),
                    )
                  }
                  addonAfter="分"
                />
                <Input
                  aria-label={`${s.code} 扣分原因`}
                  style={{ width: 340 }}
                  maxLength={200}
                  placeholder="扣分原因"
                  value={d.reason}
                  onChange={(e) =>
                    change(
                      s.code,
                      (deductions[s.code] ?? []).map((x, j) => (j === i ? { ...x, reason: e.target.value } : x)),
                    )
                  }
                />
                <Button
                  onClick={() =>
                    change(
                      s.code,
                      (deductions[s.code] ?? []).filter((_, j) => j !== i),
                    )
                  }
                >
                  删除
                </Button>
              </Space>
            ))}
            <Button
              size="large"
              onClick={() => change(s.code, [...(deductions[s.code] ?? []), { points: 1, reason: '' }])}
            >
              添加扣分
            </Button>
          </Form>
        </Card>
      ))}
      <Button type="primary" size="large" block disabled={done} onClick={submit}>
        {done ? '已提交' : '提交评分表'}
      </Button>
    </Card>
  );
}
