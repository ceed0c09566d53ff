// 考试场次 (EXM-3, EXM-5): sessions with seats taken; the roster in order of submission; an
// institution applies for a seat for its trainee; exam staff run the door check (ID + face photo).
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import {
  Button,
  Card,
  Checkbox,
  DatePicker,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  TimePicker,
  Typography,
  message,
} from 'antd';
import AttemptTag from '../../shared/AttemptTag';
import { del, get, post, put, query } from '../../api';
import { useSession } from '../../app/auth';
import FaceCapture, { type CapturedFace } from '../../shared/FaceCapture';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { fmtDateTime } from '../../shared/format';
import { ResultsDeadlines } from './ResultsDeadlines';

interface SessionRow {
  id: string;
  itemCode: string;
  date: string;
  startsAt: string;
  capacity: number;
  allocated: number;
  booked: number;
  siteName: string;
}
interface Check {
  rule: string;
  label: string;
  status: 'passed' | 'failed' | 'not_checked';
  message: string;
}
interface RosterEntry {
  id: string;
  seq: number;
  name: string;
  idNumberMasked: string;
  attempt: string;
  status: string;
  submittedAt: string;
  checkedInAt: string | null;
  doorCheck: { idNumberMatches: boolean; faceOutcome: string } | null;
  eligibility: { checks: Check[] };
}

const FACE_LABEL: Record<string, string> = {
  match: '人脸一致',
  no_match: '人脸不一致',
  unverified: '人脸未核验（未接入比对引擎）',
  not_enrolled: '无登记照片',
};

const PAGE_SIZE = 20;

export default function ExamSessionsPage() {
  const { user } = useSession();
  const isCentre = user.org?.kind === 'exam_centre';
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<{ q?: string; from?: string; to?: string }>({});
  const { data, error, loading, reload } = useApi<{ items: SessionRow[]; total: number }>(
    `/api/exams/sessions${query({ ...filter, page, pageSize: PAGE_SIZE })}`,
  );
  const [open, setOpen] = useState<SessionRow | null>(null);
  const [editing, setEditing] = useState<SessionRow | null>(null);
  const showProblem = useProblem();
  const change = (next: Partial<typeof filter>) => {
    setFilter((f) => ({ ...f, ...next }));
    setPage(1);
  };
  const remove = (s: SessionRow) =>
    del(`/api/exams/sessions/${s.id}`).then(() => {
      message.success('场次已删除');
      reload();
    }, showProblem);
  return (
    <Flex vertical gap={16}>
      <ResultsDeadlines />
      <Card
        title="考试场次"
        extra={
          <Flex gap={8} wrap>
            <Input.Search
              allowClear
              placeholder="考试点名称"
              style={{ width: 180 }}
              onSearch={(v) => change({ q: v.trim() || undefined })}
            />
            <DatePicker.RangePicker
              placeholder={['开始日期', '结束日期']}
              onChange={(range: [Dayjs | null, Dayjs | null] | null) =>
                change({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
              }
            />
          </Flex>
        }
      >
        {error && <ProblemAlert error={error} />}
        <Table<SessionRow>
          rowKey="id"
          loading={loading}
          dataSource={data?.items}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data?.total,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 场`,
            onChange: setPage,
          }}
          columns={[
            {
              title: '开考时间',
              dataIndex: 'startsAt',
              render: (v: string) => (
                <Space>
                  {fmtDateTime(v)}
                  {dayjs(v).isSame(dayjs(), 'day') && <Tag color="blue">今天</Tag>}
                </Space>
              ),
            },
            { title: '考试点', dataIndex: 'siteName' },
            { title: '项目', dataIndex: 'itemCode' },
            { title: '座位', render: (_, s) => `${s.allocated} / ${s.capacity}` },
            {
              title: '操作',
              render: (_, s) => {
                const editable = isCentre && s.booked === 0 && dayjs(s.startsAt).isAfter(dayjs());
                const why = s.booked ? `已有 ${s.booked} 人报名，不能修改或删除` : '已开考，不能修改或删除';
                return (
                  <Space>
                    <Button size="small" onClick={() => setOpen(s)}>
                      考生名单
                    </Button>
                    {isCentre && (
                      <>
                        <Button
                          size="small"
                          disabled={!editable}
                          title={editable ? undefined : why}
                          onClick={() => setEditing(s)}
                        >
                          改时间
                        </Button>
                        <Popconfirm
                          title={`删除 ${s.date} ${s.siteName} ${s.itemCode} 场次？`}
                          description="尚无考生报名；删除后该计划行可重新安排。"
                          okText="删除"
                          cancelText="取消"
                          disabled={!editable}
                          onConfirm={() => remove(s)}
                        >
                          <Button size="small" danger disabled={!editable} title={editable ? undefined : why}>
                            删除
                          </Button>
                        </Popconfirm>
                      </>
                    )}
                  </Space>
                );
              },
            },
          ]}
        />
        {open && (
          <RosterDrawer
            session={open}
            onClose={() => {
              setOpen(null);
              reload();
            }}
          />
        )}
        {editing && (
          <EditTimeModal
            session={editing}
            onClose={() => setEditing(null)}
            onDone={() => {
              setEditing(null);
              reload();
            }}
          />
        )}
      </Card>
    </Flex>
  );
}

/** EXM-3: a new start time on the same day, to the minute; the server refuses it once anyone is booked. */
function EditTimeModal({ session, onClose, onDone }: { session: SessionRow; onClose(): void; onDone(): void }) {
  const [time, setTime] = useState<Dayjs | null>(dayjs(session.startsAt));
  const [busy, setBusy] = useState(false);
  const showProblem = useProblem();
  return (
    <Modal
      open
      title={`修改开考时间：${session.date} ${session.siteName} ${session.itemCode}`}
      okText="保存"
      cancelText="取消"
      okButtonProps={{ disabled: !time, loading: busy }}
      onCancel={onClose}
      onOk={async () => {
        setBusy(true);
        try {
          await put(`/api/exams/sessions/${session.id}`, { startTime: time!.format('HH:mm') });
          message.success(`开考时间已改为 ${time!.format('HH:mm')}`);
          onDone();
        } catch (err) {
          showProblem(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      <TimePicker format="HH:mm" minuteStep={5} value={time} onChange={setTime} needConfirm={false} />
    </Modal>
  );
}

function RosterDrawer({ session, onClose }: { session: SessionRow; onClose: () => void }) {
  const { user, menu } = useSession();
  const { data, error, reload } = useApi<{ session: { chiefExaminerStaffId: string | null }; bookings: RosterEntry[] }>(
    `/api/exams/sessions/${session.id}`,
  );
  const [checking, setChecking] = useState<RosterEntry | null>(null);
  return (
    <Drawer
      open
      width={980}
      title={`${session.siteName} · ${session.itemCode} · ${fmtDateTime(session.startsAt)}`}
      onClose={onClose}
      extra={user.org?.kind === 'institution' && <BookButton sessionId={session.id} onBooked={reload} />}
    >
      {error && <ProblemAlert error={error} />}
      <Typography.Paragraph type="secondary">
        座位按报名提交顺序分配，满额后的报名进入候补（EXM-3）。培训学时（TRN-5）待培训模块接入后核验，目前标注为“未核验”。
      </Typography.Paragraph>
      <Table<RosterEntry>
        size="small"
        rowKey="id"
        dataSource={data?.bookings}
        pagination={false}
        columns={[
          { title: '顺序', dataIndex: 'seq', width: 70 },
          { title: '姓名', dataIndex: 'name' },
          { title: '身份证号', dataIndex: 'idNumberMasked' },
          { title: '报名时间', dataIndex: 'submittedAt', render: fmtDateTime },
          {
            title: '类别',
            dataIndex: 'attempt',
            render: (a: string) => <AttemptTag attempt={a} />,
          },
          {
            title: '座位',
            dataIndex: 'status',
            render: (s: string) => (s === 'allocated' ? <Tag color="green">已分配</Tag> : <Tag>候补</Tag>),
          },
          {
            title: '学时',
            render: (_, b) =>
              b.eligibility.checks.find((c) => c.rule === 'TRN-5')?.status === 'not_checked' ? (
                <Tag>未核验</Tag>
              ) : (
                <Tag color="green">已核验</Tag>
              ),
          },
          {
            title: '入场核验',
            render: (_, b) =>
              b.checkedInAt ? (
                <>
                  <Tag color="green">已入场</Tag>
                  <Typography.Text type="secondary">
                    {FACE_LABEL[b.doorCheck?.faceOutcome ?? ''] ?? b.doorCheck?.faceOutcome}
                  </Typography.Text>
                </>
              ) : b.doorCheck ? (
                <Tag color="red">人证不符</Tag>
              ) : menu.includes('exams.door') && b.status === 'allocated' ? (
                <Button size="small" onClick={() => setChecking(b)}>
                  核验
                </Button>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {checking && (
        <DoorCheckModal
          entry={checking}
          onClose={() => {
            setChecking(null);
            reload();
          }}
        />
      )}
      {user.org?.kind === 'exam_centre' && data && (
        <ChiefExaminer sessionId={session.id} current={data.session.chiefExaminerStaffId} onDone={reload} />
      )}
      {user.org?.kind === 'exam_centre' && <ArchivePanel sessionId={session.id} />}
    </Drawer>
  );
}

function DoorCheckModal({ entry, onClose }: { entry: RosterEntry; onClose: () => void }) {
  const [idNumber, setIdNumber] = useState('');
  const [photo, setPhoto] = useState<CapturedFace | null>(null);
  const [busy, setBusy] = useState(false);
  const showProblem = useProblem();
  const submit = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const r = await post<{ faceVerified: boolean; faceOutcomeLabel: string }>(
        `/api/exams/bookings/${entry.id}/door-check`,
        { idNumber, photo: photo?.base64 ?? '' },
      );
      message.success(
        r.faceVerified ? '人证核验通过，已入场' : `身份证号一致，已入场；人脸比对结果：${r.faceOutcomeLabel}（已记录）`,
      );
      onClose();
    } catch (err) {
      showProblem(err);
      onClose();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`入场核验：${entry.name}（${entry.idNumberMasked}）`}
      okText="核验"
      cancelText="取消"
      okButtonProps={{ disabled: idNumber.length < 15 || photo === null, loading: busy }}
      onOk={submit}
      onCancel={onClose}
      width={560}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label="身份证号（读卡或输入）">
          <Input value={idNumber} maxLength={18} onChange={(e) => setIdNumber(e.target.value.trim())} />
        </Form.Item>
        <Form.Item label="现场人脸照片（EXM-5）">
          {photo ? (
            <Flex gap={12} align="center">
              <img src={photo.dataUrl} alt="现场照片" style={{ width: 120, borderRadius: 6 }} />
              <Button onClick={() => setPhoto(null)}>重拍</Button>
            </Flex>
          ) : (
            <FaceCapture confirmText="使用此照片" onCapture={setPhoto} />
          )}
        </Form.Item>
      </Form>
    </Modal>
  );
}

function BookButton({ sessionId, onBooked }: { sessionId: string; onBooked: () => void }) {
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<Array<{ value: string; label: string }>>([]);
  const [workerId, setWorkerId] = useState<string>();
  const [returning, setReturning] = useState(false);
  const [busy, setBusy] = useState(false);
  const showProblem = useProblem();
  const search = async (q: string) => {
    const r = await get<{ items: Array<{ id: string; name: string; idNumber: string }> }>(
      `/api/workers${query({ q, pageSize: 20 })}`,
    );
    setOptions(r.items.map((w) => ({ value: w.id, label: `${w.name}（${w.idNumber}）` })));
  };
  const submit = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const b = await post<{ status: string }>(`/api/exams/sessions/${sessionId}/bookings`, {
        workerId,
        ...(returning ? { purpose: 'return_to_work' } : {}),
      });
      message.success(b.status === 'allocated' ? '报名成功，已分配座位' : '报名成功，座位已满，进入候补');
      setOpen(false);
      onBooked();
    } catch (err) {
      showProblem(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        type="primary"
        onClick={() => {
          setOpen(true);
          void search('');
        }}
      >
        为学员报名
      </Button>
      <Modal
        open={open}
        title="为学员报名"
        okText="报名"
        cancelText="取消"
        okButtonProps={{ disabled: !workerId, loading: busy }}
        onOk={submit}
        onCancel={() => setOpen(false)}
      >
        <Flex vertical gap={8}>
          <Select
            showSearch
            filterOption={false}
            onSearch={(q) => void search(q)}
            options={options}
            value={workerId}
            onChange={setWorkerId}
            placeholder="输入姓名或身份证号查找学员"
          />
          <Checkbox checked={returning} onChange={(e) => setReturning(e.target.checked)}>
            离岗 6 个月以上复考（仅实际操作考试，须持有该项目有效证书）
          </Checkbox>
        </Flex>
      </Modal>
    </>
  );
}

interface ArchiveState {
  refs: Array<{ id: string; kind: string; label: string; reference: string }>;
  gaps: string[];
  complete: boolean;
  results: Array<{ bookingId: string; theoryScore: number | null; practicalScore: number | null; passed: boolean }>;
}

/** EXM-10 + EXM-8: the session's archive references, what is missing, and publishing the results. */
function ArchivePanel({ sessionId }: { sessionId: string }) {
  const { data, reload } = useApi<ArchiveState>(`/api/exams/sessions/${sessionId}/archive`);
  const [form] = Form.useForm();
  const showProblem = useProblem();
  const add = async () => {
    const v = await form.validateFields();
    await post(`/api/exams/sessions/${sessionId}/archive`, v).then(() => {
      form.resetFields();
      reload();
    }, showProblem);
  };
  const publish = () =>
    post<{ published: number; passed: number }>(`/api/exams/sessions/${sessionId}/publish`).then((r) => {
      message.success(`已发布 ${r.published} 人成绩，合格 ${r.passed} 人`);
      reload();
    }, showProblem);
  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title="考试档案与成绩发布（EXM-10）"
      extra={
        <Button type="primary" disabled={!data?.complete || !!data?.results.length} onClick={publish}>
          {data?.results.length ? '成绩已发布' : '发布成绩'}
        </Button>
      }
    >
      {data?.gaps.length ? (
        <Typography.Paragraph type="danger">档案不完整：{data.gaps.join('；')}</Typography.Paragraph>
      ) : (
        <Typography.Paragraph type="success">档案完整</Typography.Paragraph>
      )}
      <ul>
        {data?.refs.map((r) => (
          <li key={r.id}>
            {r.kind === 'video' ? '视频' : '纸质'} · {r.label}：{r.reference}
          </li>
        ))}
      </ul>
      <Form form={form} layout="inline" initialValues={{ kind: 'video' }}>
        <Form.Item name="kind">
          <Select
            style={{ width: 90 }}
            options={[
              { value: 'video', label: '视频' },
              { value: 'paper', label: '纸质' },
            ]}
          />
        </Form.Item>
        <Form.Item name="label" rules={[{ required: true }]}>
          <Input placeholder="考场名称 / 实操考试区 / 档案内容" maxLength={100} />
        </Form.Item>
        <Form.Item name="reference" rules={[{ required: true }]}>
          <Input placeholder="存放位置（录像编号、档案盒号）" maxLength={500} />
        </Form.Item>
        <Button onClick={add}>登记</Button>
      </Form>
    </Card>
  );
}

/** EXM-4 (seed 004 §11): the session's chief examiner, from the personnel database; the server refuses outside staff. */
function ChiefExaminer({
  sessionId,
  current,
  onDone,
}: {
  sessionId: string;
  current: string | null;
  onDone: () => void;
}) {
  const { data } = useApi<{ items: Array<{ id: string; name: string; employerLabel: string; active: boolean }> }>(
    '/api/exams/staff',
  );
  const showProblem = useProblem();
  const choose = (staffId: string) =>
    put<{ chiefExaminerName: string }>(`/api/exams/sessions/${sessionId}/chief-examiner`, { staffId }).then((r) => {
      message.success(`主考：${r.chiefExaminerName}`);
      onDone();
    }, showProblem);
  return (
    <Card size="small" style={{ marginTop: 16 }} title="主考（须为应急管理部门或考试机构工作人员，EXM-4）">
      <Select
        style={{ width: 360 }}
        placeholder="从考务人员库指定主考"
        value={current ?? undefined}
        onChange={choose}
        options={data?.items
          .filter((s) => s.active)
          .map((s) => ({ value: s.id, label: `${s.name}（${s.employerLabel}）` }))}
      />
    </Card>
  );
}
