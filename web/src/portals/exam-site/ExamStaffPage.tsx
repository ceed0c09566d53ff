// 考务人员库 (EXM-4, EXM-2): the exam centre's proctors and examiners with their training record and
// certificates; each certificate shows what the platform's register says (平台未查到 until it holds it).
import { useState } from 'react';
import {
  Button,
  Card,
  Checkbox,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { post, put } from '../../api';
import { OperationItemSelect } from '../../shared/catalog';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { fmtDate } from '../../shared/format';

interface Check {
  categoryCode: string;
  status: string;
  label: string;
  refused: boolean;
}
interface Staff {
  id: string;
  name: string;
  idNumberMasked: string;
  userId: string | null;
  duties: Array<'proctor' | 'examiner'>;
  dutyLabels: string[];
  employer: 'exam_centre' | 'regulator' | 'other';
  employerLabel: string;
  active: boolean;
  deactivatedAt: string | null;
  deactivatedReason: string | null;
  training: Array<{ date: string; course: string; organiser: string; passed: boolean }>;
  certificates: Array<{
    number: string;
    holderName: string;
    itemCodes: string[];
    validUntil: string | null;
    checks: Check[];
  }>;
  createdAt: string;
}

const checkColor = (c: Check) =>
  c.refused ? 'red' : c.status === 'valid' ? 'green' : c.status === 'not_found' ? 'default' : 'orange';

export default function ExamStaffPage() {
  const { data, error, loading, reload } = useApi<{ items: Staff[] }>('/api/exams/staff');
  return (
    <Card title="考务人员库" extra={<StaffFormButton onDone={reload} />}>
      <Typography.Paragraph type="secondary">
        监考员、考评员须登记在库方可入场核验或评分；考评员只能评其持证类别的项目，证书经平台核验为吊销、过期或类别不符的不得使用，平台未查到的显示申报信息。
        与考生报名机构的现任或一年内离任教师不得监考、考评，考评员不得兼任培训教师（按身份证号比对）。
      </Typography.Paragraph>
      {error && <ProblemAlert error={error} />}
      <Table<Staff>
        rowKey="id"
        loading={loading}
        dataSource={data?.items}
        pagination={false}
        expandable={{
          expandedRowRender: (s) => (
            <Space direction="vertical">
              <b>培训记录</b>
              {s.training.length
                ? s.training.map((t, i) => (
                    <span key={i}>
                      {t.date} {t.course}（{t.organiser}）
                      {t.passed ? <Tag color="green">合格</Tag> : <Tag color="red">不合格</Tag>}
                    </span>
                  ))
                : '无'}
            </Space>
          ),
        }}
        columns={[
          { title: '姓名', dataIndex: 'name' },
          { title: '身份证号', dataIndex: 'idNumberMasked' },
          { title: '职责', dataIndex: 'dutyLabels', render: (d: string[]) => d.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: '所在单位', dataIndex: 'employerLabel' },
          {
            title: '登录账户',
            dataIndex: 'userId',
            render: (u: string | null) => (u ? <Tag color="blue">已关联</Tag> : <Tag>未关联</Tag>),
          },
          {
            title: '特种作业操作证（平台核验）',
            dataIndex: 'certificates',
            render: (cs: Staff['certificates']) =>
              cs.length ? (
                cs.map((c) => (
                  <div key={c.number}>
                    {c.number} {c.holderName} {c.itemCodes.join('、')}
                    {c.validUntil ? `（至 ${c.validUntil}）` : ''}{' '}
                    {c.checks.map((k) => (
                      <Tag key={k.categoryCode} color={checkColor(k)}>
                        {k.label}
                      </Tag>
                    ))}
                  </div>
                ))
              ) : (
                <Tag>未登记证书</Tag>
              ),
          },
          { title: '登记日期', dataIndex: 'createdAt', render: fmtDate },
          {
            title: '状态',
            render: (_, s) =>
              s.active ? (
                <Tag color="green">在岗</Tag>
              ) : (
                <Tag title={s.deactivatedReason ?? ''}>已停用（{fmtDate(s.deactivatedAt)}）</Tag>
              ),
          },
          {
            title: '',
            render: (_, s) =>
              s.active && (
                <Space>
                  <StaffFormButton staff={s} onDone={reload} />
                  <DeactivateButton staff={s} onDone={reload} />
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}

/** EXM-4: deactivation keeps the record (who proctored or scored stays traceable); the login can no longer act. */
function DeactivateButton({ staff, onDone }: { staff: Staff; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [open, setOpen] = useState(false);
  const showProblem = useProblem();
  const submit = () =>
    post(`/api/exams/staff/${staff.id}/deactivate`, { reason }).then(() => {
      message.success(`${staff.name} 已停用`);
      setOpen(false);
      onDone();
    }, showProblem);
  return (
    <>
      <Button size="small" danger onClick={() => setOpen(true)}>
        停用
      </Button>
      <Modal
        open={open}
        title={`停用：${staff.name}`}
        okText="停用"
        cancelText="取消"
        okButtonProps={{ disabled: reason.trim().length < 2 }}
        onOk={submit}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          停用后该人员不能再监考、考评或担任主考；历史记录保留。
        </Typography.Paragraph>
        <Input.TextArea
          rows={2}
          maxLength={200}
          placeholder="停用原因（如：调离、证书过期）"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </>
  );
}

/** Registers a new person, or edits `staff` (the ID number identifies the person and is not editable). */
function StaffFormButton({ staff, onDone }: { staff?: Staff; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const showProblem = useProblem();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const body = {
        name: v.name,
        duties: v.duties,
        employer: v.employer,
        username: v.username || (staff ? undefined : null),
        training: (v.training ?? []).map((t: { date: Dayjs; course: string; organiser: string; passed?: boolean }) => ({
          date: t.date.format('YYYY-MM-DD'),
          course: t.course,
          organiser: t.organiser,
          passed: !!t.passed,
        })),
        certificates: (v.certificates ?? []).map((c: { number: string; itemCodes: string[]; validUntil?: Dayjs }) => ({
          number: c.number,
          holderName: v.name,
          itemCodes: c.itemCodes,
          validUntil: c.validUntil ? c.validUntil.format('YYYY-MM-DD') : null,
        })),
      };
      if (staff) await put(`/api/exams/staff/${staff.id}`, body);
      else await post('/api/exams/staff', { ...body, idNumber: v.idNumber });
      message.success(staff ? '已保存' : '已登记到考务人员库');
      setOpen(false);
      form.resetFields();
      onDone();
    } catch (err) {
      showProblem(err);
    }
  };
  const initial = staff
    ? {
        name: staff.name,
        idNumber: staff.idNumberMasked,
        duties: staff.duties,
        employer: staff.employer,
        training: staff.training.map((t) => ({ ...t, date: dayjs(t.date) })),
        certificates: staff.certificates.map((c) => ({
          number: c.number,
          itemCodes: c.itemCodes,
          validUntil: c.validUntil ? dayjs(c.validUntil) : undefined,
        })),
      }
    : { duties: ['proctor'], employer: 'exam_centre' };
  return (
    <>
      {staff ? (
        <Button size="small" onClick={() => setOpen(true)}>
          编辑
        </Button>
      ) : (
        <Button type="primary" onClick={() => setOpen(true)}>
          登记考务人员
        </Button>
      )}
      <Modal
        open={open}
        width={760}
        title={staff ? `编辑考务人员：${staff.name}` : '登记考务人员'}
        okText="提交"
        cancelText="取消"
        onOk={submit}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={initial} preserve={false}>
          <Space>
            <Form.Item name="name" label="姓名" rules={[{ required: true, min: 2 }]}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="idNumber" label="身份证号" rules={staff ? [] : [{ required: true, len: 18 }]}>
              <Input maxLength={18} disabled={!!staff} />
            </Form.Item>
            <Form.Item name="username" label={staff ? '登录账户（本机构；留空则不变）' : '登录账户（本机构）'}>
              <Input maxLength={64} placeholder="如 examiner" />
            </Form.Item>
          </Space>
          <Space>
            <Form.Item name="duties" label="职责" rules={[{ required: true }]}>
              <Checkbox.Group
                options={[
                  { label: '监考员', value: 'proctor' },
                  { label: '考评员', value: 'examiner' },
                ]}
              />
            </Form.Item>
            <Form.Item name="employer" label="所在单位">
              <Select
                style={{ width: 180 }}
                options={[
                  { value: 'exam_centre', label: '考试机构' },
                  { value: 'regulator', label: '应急管理部门' },
                  { value: 'other', label: '其他单位（外聘）' },
                ]}
              />
            </Form.Item>
          </Space>
          <Form.List name="training">
            {(fields, { add }) => (
              <Flex vertical gap={4}>
                {fields.map((f) => (
                  <Space key={f.key} align="start">
                    <Form.Item name={[f.name, 'date']} label="培训日期" rules={[{ required: true }]}>
                      <DatePicker />
                    </Form.Item>
                    <Form.Item name={[f.name, 'course']} label="培训内容" rules={[{ required: true }]}>
                      <Input maxLength={100} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'organiser']} label="组织单位" rules={[{ required: true }]}>
                      <Input maxLength={100} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'passed']} label="合格" valuePropName="checked" initialValue>
                      <Switch />
                    </Form.Item>
                  </Space>
                ))}
                <Button onClick={() => add()}>添加培训记录</Button>
              </Flex>
            )}
          </Form.List>
          <Form.List name="certificates">
            {(fields, { add }) => (
              <Flex vertical gap={4} style={{ marginTop: 12 }}>
                {fields.map((f) => (
                  <Space key={f.key} align="start">
                    <Form.Item name={[f.name, 'number']} label="证书编号" rules={[{ required: true }]}>
                      <Input maxLength={40} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'itemCodes', 0]} label="作业项目" rules={[{ required: true }]}>
                      <OperationItemSelect />
                    </Form.Item>
                    <Form.Item name={[f.name, 'validUntil']} label="有效期至">
                      <DatePicker />
                    </Form.Item>
                  </Space>
                ))}
                <Button onClick={() => add()}>添加证书</Button>
              </Flex>
            )}
          </Form.List>
        </Form>
      </Modal>
    </>
  );
}
