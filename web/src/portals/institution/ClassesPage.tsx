// 培训班 (TRN-1, TRN-2, TRN-4): open a class within the filed scope, file it within 48 h, enrol
// trainees, schedule sessions each with its certified teacher (INS-4), take attendance with a face
// photo once the class is filed, follow each trainee's hours.
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { post } from '../../api';
import FaceCapture from '../../shared/FaceCapture';
import HoursProgressView, { type HoursProgress } from '../../shared/ProgressBar';
import RollCall from './RollCall';
import { useCatalog } from '../../shared/catalog';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { fmtDateTime } from '../../shared/format';
import WorkerSearchTable from '../../shared/WorkerSearchTable';

export interface TrainingClass {
  id: string;
  orgName: string | null;
  name: string;
  itemCode: string;
  kind?: 'initial' | 'review';
  kindLabel?: string;
  regionName: string;
  opensAt: string;
  /** TRN-1: the first scheduled session, from which the 48 h filing window really runs. */
  realOpensAt?: string;
  filedAt: string | null;
  filingState: string;
  filingStateLabel: string;
  syllabus: { theory: number; practical: number };
  archiveFalseAt?: string | null;
  archiveFalseReason?: string | null;
}

interface Session {
  id: string;
  subject: string;
  mode: string;
  topic: string;
  startsAt: string;
  endsAt: string;
  teacherName: string | null;
}

/** A teacher of the institution as the teachers list gives it, with the platform register's word on each certificate. */
interface TeacherOption {
  id: string;
  name: string;
  kinds: string[];
  categoryCodes: string[];
  certificates: Array<{
    categoryCode: string;
    number: string;
    validUntil: string;
    verificationLabel: string;
    platformRefused: boolean;
  }>;
}

const KIND_FOR = (subject: string, mode: string) =>
  subject === 'practical' ? 'practical' : mode === 'online' ? 'online_theory' : 'offline_theory';

interface RosterRow {
  workerId: string;
  name: string;
  idNumber: string;
  progress: HoursProgress;
}
interface ClassDetail extends TrainingClass {
  sessions: Session[];
  roster: RosterRow[];
}

export const FILING_COLORS: Record<string, string> = {
  filed_on_time: 'green',
  filed_late: 'red',
  unfiled: 'processing',
  unfiled_overdue: 'red',
};
const time = (v: string) => fmtDateTime(v);

type Attendance = { session: Session; row: RosterRow; kind: 'check-in' | 'check-out' };

interface ArchiveStatus {
  complete: boolean;
  missing: string[];
  examApplication: { submittedAt: string; workerIds: string[] } | null;
}

/** 一期一档: what the archive lacks, the materials list, the class's exam application (TRN-5). */
function ArchiveCard({ id, version, review }: { id: string; version: number; review: boolean }) {
  const { data, reload } = useApi<ArchiveStatus>(`/api/training/classes/${id}/archive?v=${version}`);
  const [materials, setMaterials] = useState('');
  const showProblem = useProblem();
  const { message } = App.useApp();
  const run = (p: Promise<unknown>, ok: string) =>
    p.then(() => {
      message.success(ok);
      reload();
    }, showProblem);
  return (
    <Card
      size="small"
      title="一期一档"
      extra={
        <Space>
          <Button href={`/api/training/classes/${id}/archive.pdf`}>导出档案（PDF）</Button>
          <Button href={`/api/training/classes/${id}/archive.xlsx`}>导出档案（xlsx）</Button>
        </Space>
      }
    >
      <Flex vertical gap={8}>
        {data &&
          (data.complete ? (
            <Tag color="green">档案完整</Tag>
          ) : (
            <div>
              缺少：
              {data.missing.map((m) => (
                <Tag color="red" key={m}>
                  {m}
                </Tag>
              ))}
            </div>
          ))}
        <Space>
          <Input.TextArea
            rows={2}
            placeholder="培训教材与课件目录，每行一项"
            value={materials}
            onChange={(e) => setMaterials(e.target.value)}
            style={{ width: 420 }}
          />
          <Button
            onClick={() =>
              run(
                post(`/api/training/classes/${id}/materials`, { items: materials.split('\n').filter((x) => x.trim()) }),
                '已登记',
              )
            }
          >
            登记教材目录
          </Button>
        </Space>
        {review ? (
          <Tag color="purple">复审培训班：学员学时达标后凭学时办理证书复审，不申请资格考试</Tag>
        ) : data?.examApplication ? (
          <Tag color="blue">
            已提交考试申请（{data.examApplication.workerIds.length} 人，{fmtDateTime(data.examApplication.submittedAt)}
            ）
          </Tag>
        ) : (
          <Button
            type="primary"
            onClick={() => run(post(`/api/training/classes/${id}/exam-application`), '考试申请已提交')}
          >
            提交本班考试申请
          </Button>
        )}
      </Flex>
    </Card>
  );
}

function ClassDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { data, error, reload } = useApi<ClassDetail>(`/api/training/classes/${id}`);
  const [version, setVersion] = useState(0);
  const showProblem = useProblem();
  const { message } = App.useApp();
  const [picking, setPicking] = useState(false);
  const [sessionForm] = Form.useForm();
  // INS-4: the picker offers the institution's teachers of this category and kind; the server checks the register again.
  const teachers = useApi<{ items: TeacherOption[] }>('/api/institutions/teachers').data?.items ?? [];
  const subject: string = Form.useWatch('subject', sessionForm) ?? 'theory';
  const mode: string = Form.useWatch('mode', sessionForm) ?? 'offline';
  const category = data?.itemCode.split('.')[0];
  const teacherOptions = teachers
    .filter((t) => category && t.categoryCodes.includes(category) && t.kinds.includes(KIND_FOR(subject, mode)))
    .map((t) => {
      const cert = t.certificates.find((c) => c.categoryCode === category);
      const note = !cert
        ? '未申报证书'
        : cert.platformRefused
          ? cert.verificationLabel
          : `${cert.number} · ${cert.verificationLabel}`;
      return { value: t.id, label: `${t.name}（${note}）`, disabled: !cert || cert.platformRefused };
    });
  const run = (p: Promise<unknown>, ok: string) =>
    p.then(() => {
      message.success(ok);
      reload();
      setVersion((v) => v + 1);
    }, showProblem);

  // TRN-2: attendance is taken with the camera (or an uploaded picture where there is none) and judged by the server.
  const [attendance, setAttendance] = useState<Attendance | null>(null);
  // TRN-2 for the whole session: one dialog, trainees photographed in turn (RollCall).
  const [roll, setRoll] = useState<Session | null>(null);
  function attend({ session, row, kind }: Attendance, photo: string) {
    setAttendance(null);
    // The server's face outcome is part of the message: an unverified or failed match must be visible at the desk.
    post<{ outcomeLabel: string; units?: number }>(`/api/training/sessions/${session.id}/${kind}`, {
      workerId: row.workerId,
      photo,
    }).then((r) => {
      message.success(
        kind === 'check-in'
          ? `${row.name} 已签到：${r.outcomeLabel}`
          : `${row.name} 已签退：${r.outcomeLabel}，计入 ${r.units ?? 0} 学时`,
      );
      reload();
      setVersion((v) => v + 1);
    }, showProblem);
  }

  return (
    <Drawer open onClose={onClose} width={1100} title={data ? `${data.name} · ${data.filingStateLabel}` : '培训班'}>
      {error && <ProblemAlert error={error} />}
      <Modal
        open={picking}
        width={1000}
        title="从人员库选择学员（按姓名、身份证号或手机号查询；未登记的请先在「人员登记」登记）"
        footer={null}
        onCancel={() => setPicking(false)}
        destroyOnHidden
      >
        <WorkerSearchTable
          pickLabel="报名"
          onPick={(w) =>
            void run(post(`/api/training/classes/${id}/enrolments`, { workerId: w.id }), `${w.name} 已报名`)
          }
        />
      </Modal>
      {data && (
        <Flex vertical gap={16}>
          {!data.filedAt && (
            <Alert
              type="warning"
              showIcon
              message="培训班尚未报备"
              description={`可先排课，但报备前不能考勤，报备前的培训不计学时。报备时限从首节课开始计算 48 小时${
                data.realOpensAt ? `（首节课 ${time(data.realOpensAt)}）` : ''
              }，不以申报的开班时间为准。`}
            />
          )}
          <Space>
            {!data.filedAt && (
              <Button type="primary" onClick={() => run(post(`/api/training/classes/${id}/file`), '已报备')}>
                开班报备（48小时内）
              </Button>
            )}
            <Button onClick={() => setPicking(true)}>从人员库添加学员</Button>
          </Space>
          <Card size="small" title="课表">
            <Form
              form={sessionForm}
              layout="inline"
              initialValues={{ subject: 'theory', mode: 'offline' }}
              onFinish={(v: {
                subject: string;
                mode: string;
                topic: string;
                teacherId: string;
                range: [Dayjs, Dayjs];
              }) =>
                run(
                  post(`/api/training/classes/${id}/sessions`, {
                    subject: v.subject,
                    mode: v.mode,
                    topic: v.topic,
                    teacherId: v.teacherId,
                    startsAt: v.range[0].second(0).millisecond(0).toISOString(),
                    endsAt: v.range[1].second(0).millisecond(0).toISOString(),
                  }),
                  '已排课',
                )
              }
            >
              <Form.Item name="subject">
                <Radio.Group
                  options={[
                    { value: 'theory', label: '理论' },
                    { value: 'practical', label: '实操' },
                  ]}
                />
              </Form.Item>
              <Form.Item name="mode">
                <Radio.Group
                  options={[
                    { value: 'offline', label: '线下' },
                    { value: 'online', label: '线上' },
                  ]}
                />
              </Form.Item>
              <Form.Item name="topic" rules={[{ required: true, message: '课程内容' }]}>
                <Input placeholder="课程内容" maxLength={100} />
              </Form.Item>
              <Form.Item name="teacherId" rules={[{ required: true, message: '请选择持证授课教师' }]}>
                <Select
                  placeholder="授课教师"
                  aria-label="授课教师"
                  style={{ width: 260 }}
                  options={teacherOptions}
                  notFoundContent="本机构无该类别、该方式的在册教师"
                />
              </Form.Item>
              <Form.Item name="range" rules={[{ required: true, message: '时间' }]}>
                <DatePicker.RangePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" />
              </Form.Item>
              <Button htmlType="submit">排课</Button>
            </Form>
            <Table<Session>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={data.sessions}
              style={{ marginTop: 12 }}
              expandable={{
                expandedRowRender: (s) =>
                  s.mode === 'offline' ? (
                    <Flex vertical gap={4}>
                      <Space>
                        <Button type="primary" size="small" onClick={() => setRoll(s)}>
                          点名考勤（全班逐人拍照）
                        </Button>
                        <span style={{ color: '#888' }}>或为单个学员：</span>
                      </Space>
                      {data.roster.map((r) => (
                        <Space key={r.workerId}>
                          <span style={{ width: 120, display: 'inline-block' }}>{r.name}</span>
                          <Button size="small" onClick={() => setAttendance({ session: s, row: r, kind: 'check-in' })}>
                            拍照签到
                          </Button>
                          <Button size="small" onClick={() => setAttendance({ session: s, row: r, kind: 'check-out' })}>
                            拍照签退
                          </Button>
                        </Space>
                      ))}
                    </Flex>
                  ) : (
                    '线上课程学时由在线学习平台记录'
                  ),
              }}
              columns={[
                {
                  title: '类型',
                  key: 'kind',
                  render: (_: unknown, s) =>
                    `${s.subject === 'theory' ? '理论' : '实操'}·${s.mode === 'offline' ? '线下' : '线上'}`,
                },
                { title: '内容', dataIndex: 'topic' },
                { title: '授课教师', dataIndex: 'teacherName', render: (n: string | null) => n ?? '—' },
                { title: '开始', dataIndex: 'startsAt', render: time },
                { title: '结束', dataIndex: 'endsAt', render: time },
              ]}
            />
          </Card>
          <ArchiveCard id={id} version={version} review={data.kind === 'review'} />
          <Card
            size="small"
            title={`学员与学时进度（大纲：理论 ${data.syllabus.theory}，实操 ${data.syllabus.practical} 学时）`}
          >
            <Table<RosterRow>
              rowKey="workerId"
              size="small"
              pagination={false}
              dataSource={data.roster}
              locale={{ emptyText: '尚无学员' }}
              columns={[
                { title: '姓名', dataIndex: 'name' },
                { title: '身份证号', dataIndex: 'idNumber' },
                {
                  title: '学时',
                  dataIndex: 'progress',
                  render: (p: HoursProgress) => <HoursProgressView progress={p} />,
                },
              ]}
            />
          </Card>
        </Flex>
      )}
      {roll && (
        <RollCall
          session={roll}
          onClose={() => {
            setRoll(null);
            reload();
            setVersion((v) => v + 1);
          }}
        />
      )}
      {attendance && (
        <Modal
          open
          title={`${attendance.kind === 'check-in' ? '签到' : '签退'}：${attendance.row.name}`}
          footer={null}
          onCancel={() => setAttendance(null)}
          destroyOnHidden
        >
          <FaceCapture
            confirmText={attendance.kind === 'check-in' ? '提交签到' : '提交签退'}
            onCapture={(f) => attend(attendance, f.base64)}
          />
        </Modal>
      )}
    </Drawer>
  );
}

export default function ClassesPage() {
  const { data, error, reload } = useApi<{ items: TrainingClass[] }>('/api/training/classes');
  const { categories } = useCatalog();
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [form] = Form.useForm();
  const showProblem = useProblem();
  const itemOptions = categories?.map((c) => ({
    label: c.name,
    options: c.items.map((i) => ({ value: i.code, label: `${i.code} ${i.name}` })),
  }));

  async function create(v: { itemCode: string; kind: 'initial' | 'review'; name: string; opensAt: Dayjs }) {
    try {
      await post('/api/training/classes', {
        itemCode: v.itemCode,
        kind: v.kind,
        name: v.name,
        opensAt: v.opensAt.second(0).millisecond(0).toISOString(),
      });
      setCreating(false);
      form.resetFields();
      reload();
    } catch (err) {
      showProblem(err);
    }
  }

  return (
    <Card
      title="培训班"
      extra={
        <Space>
          <Button href="/training/classes/courses">线上课程</Button>
          <Button type="primary" onClick={() => setCreating(true)}>
            开班
          </Button>
        </Space>
      }
    >
      {error && <ProblemAlert error={error} />}
      <Table<TrainingClass>
        rowKey="id"
        dataSource={data?.items}
        locale={{ emptyText: '尚未开班' }}
        columns={[
          { title: '班级', dataIndex: 'name' },
          { title: '作业项目', dataIndex: 'itemCode' },
          {
            title: '类型',
            dataIndex: 'kindLabel',
            render: (k: string | undefined, c) => (
              <Tag color={c.kind === 'review' ? 'purple' : undefined}>{k ?? '初训'}</Tag>
            ),
          },
          { title: '开班时间', dataIndex: 'opensAt', render: time },
          {
            title: '报备',
            dataIndex: 'filingState',
            render: (_: string, c) => <Tag color={FILING_COLORS[c.filingState]}>{c.filingStateLabel}</Tag>,
          },
          {
            title: '',
            key: 'open',
            render: (_: unknown, c) => (
              <Button size="small" onClick={() => setOpen(c.id)}>
                管理
              </Button>
            ),
          },
        ]}
      />
      <Modal
        title="开班"
        open={creating}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText="开班"
        cancelText="取消"
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ kind: 'initial' }}>
          <Form.Item name="kind" label="培训类型">
            <Radio.Group
              options={[
                { value: 'initial', label: '初训（取证，按大纲学时）' },
                { value: 'review', label: '复审培训（不少于 8 学时）' },
              ]}
            />
          </Form.Item>
          <Form.Item name="itemCode" label="作业项目（须在备案范围内）" rules={[{ required: true, message: '必选' }]}>
            <Select options={itemOptions} />
          </Form.Item>
          <Form.Item name="name" label="班级名称" rules={[{ required: true, message: '必填' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="opensAt"
            label="开班时间（须在开班后48小时内报备）"
            rules={[{ required: true, message: '必填' }]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Form>
      </Modal>
      {open && (
        <ClassDrawer
          id={open}
          onClose={() => {
            setOpen(null);
            reload();
          }}
        />
      )}
    </Card>
  );
}
