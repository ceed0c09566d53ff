// 考试机构备案 (EXM-1, seed 004 §7 and §17): the exam centre files itself as an organisation — its level,
// name, credit code, address, responsible person, the items it examines and its staff. A city centre's
// application is reviewed by its city and filed by the province; the province's own centre is filed by
// the province directly. The centre sees its filing and applies (or applies for a change); the city
// sees its 审核 queue, the province its 备案 queue, the filed centres and 撤销备案. The centre never decides.
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { post } from '../../api';
import { useProblem, ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { fmtDate } from '../../shared/format';
import { useCatalog } from '../../shared/catalog';

type Level = 'province' | 'city';
type Status = 'submitted' | 'city_approved' | 'filed' | 'returned';
interface Profile {
  name: string;
  creditCode: string;
  address: string;
  responsiblePerson: string;
  itemCodes: string[];
  staffCount: number;
  examinerCount: number;
}
interface Application {
  id: string;
  centreOrgId: string;
  centreName: string;
  kindLabel: string;
  level: Level;
  levelLabel: string;
  regionName: string;
  profile: Profile;
  status: Status;
  statusLabel: string;
  submittedAt: string;
  cityReviewedAt: string | null;
  cityReviewerName: string | null;
  cityRemarks: string | null;
  provinceDecidedAt: string | null;
  provinceDeciderName: string | null;
  provinceRemarks: string | null;
  filingNumber: string | null;
}
interface Filing {
  centreOrgId: string;
  level: Level;
  levelLabel: string;
  regionName: string;
  profile: Profile;
  filingNumber: string;
  filedAt: string;
  revokedAt: string | null;
  revocationReason: string | null;
  inForce: boolean;
  statusLabel: string;
}
interface Overview {
  applications: Application[];
  filings: Filing[];
  centre: { name: string; creditCode: string | null; regionName: string; level: Level | null } | null;
  canApply: boolean;
  canReview: boolean;
  canFile: boolean;
}

const STATUS_COLOR: Record<Status, string> = {
  submitted: 'orange',
  city_approved: 'blue',
  filed: 'green',
  returned: 'red',
};
const LEVEL_LABELS: Record<Level, string> = { province: '省级考试中心', city: '市级考试中心' };

export default function CentreFilingPage() {
  const { data, error, loading, reload } = useApi<Overview>('/api/exams/centre-filing');
  const [applying, setApplying] = useState(false);
  if (!data) return <Card loading={loading}>{error && <ProblemAlert error={error} />}</Card>;
  const open = data.applications.find((a) => a.status === 'submitted' || a.status === 'city_approved');
  return (
    <Card title="考试机构备案">
      {error && <ProblemAlert error={error} />}
      <Typography.Paragraph type="secondary">
        流程（EXM-1）：市级考试中心申请 → 所在地市级应急管理部门审核 →
        省级应急管理部门备案；省级考试中心由省级应急管理部门直接备案。
        未备案或已撤销备案的考试机构，不能备案考试点、报备或批准考试计划。
      </Typography.Paragraph>
      {data.canApply ? <OwnFiling data={data} open={open} onApply={() => setApplying(true)} /> : null}
      <Tabs
        items={[
          {
            key: 'applications',
            label: data.canApply ? '备案申请' : '审核与备案',
            children: <Applications data={data} onChanged={reload} />,
          },
          ...(data.canApply
            ? []
            : [
                {
                  key: 'filed',
                  label: '已备案考试机构',
                  children: <Filings data={data} onChanged={reload} />,
                },
              ]),
        ]}
      />
      {applying && (
        <ApplyModal
          data={data}
          onClose={() => setApplying(false)}
          onDone={() => {
            setApplying(false);
            reload();
          }}
        />
      )}
    </Card>
  );
}

/** The filed content as Descriptions items (an array, so antd's Descriptions sees each item). */
function profileItems(profile: Profile) {
  return [
    ['统一社会信用代码', profile.creditCode || '（未填报）'],
    ['地址', profile.address || '（未填报）'],
    ['负责人', profile.responsiblePerson || '（未填报）'],
    ['考试项目', profile.itemCodes.join('、') || '（未填报）'],
    ['考务人员', `${profile.staffCount} 人`],
    ['考评员', `${profile.examinerCount} 人`],
  ].map(([label, value]) => (
    <Descriptions.Item key={label} label={label}>
      {value}
    </Descriptions.Item>
  ));
}

function OwnFiling({ data, open, onApply }: { data: Overview; open?: Application; onApply: () => void }) {
  const filing = data.filings[0];
  return (
    <Card type="inner" size="small" style={{ marginBottom: 16 }} title="本机构备案">
      {!filing ? (
        <Alert
          type="warning"
          showIcon
          message="本机构尚未备案"
          description="备案前不能备案考试点、报备考试计划。请填写备案申请。"
        />
      ) : !filing.inForce ? (
        <Alert
          type="error"
          showIcon
          message={`备案已撤销（${filing.filingNumber}）`}
          description={`${fmtDate(filing.revokedAt)} 撤销，理由：${filing.revocationReason}。须重新申请备案。`}
        />
      ) : (
        <Descriptions size="small" column={2}>
          <Descriptions.Item label="状态">
            <Tag color="green">{filing.statusLabel}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="备案编号">{filing.filingNumber}</Descriptions.Item>
          <Descriptions.Item label="名称">{filing.profile.name}</Descriptions.Item>
          <Descriptions.Item label="级别">{filing.levelLabel}</Descriptions.Item>
          <Descriptions.Item label="备案日期">{fmtDate(filing.filedAt)}</Descriptions.Item>
          {profileItems(filing.profile)}
        </Descriptions>
      )}
      <Space style={{ marginTop: 12 }}>
        <Button type="primary" disabled={!!open} onClick={onApply}>
          {filing?.inForce ? '申请变更备案' : '申请备案'}
        </Button>
        {open && (
          <Typography.Text type="secondary">已有一份申请「{open.statusLabel}」，办结后方可再次申请。</Typography.Text>
        )}
      </Space>
    </Card>
  );
}

function Applications({ data, onChanged }: { data: Overview; onChanged: () => void }) {
  const [status, setStatus] = useState<Status | undefined>(undefined);
  const [acting, setActing] = useState<{ app: Application; step: 'review' | 'file' } | null>(null);
  const rows = data.applications.filter((a) => !status || a.status === status);
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text>状态</Typography.Text>
        <Select<Status>
          allowClear
          placeholder="全部"
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={[
            { value: 'submitted', label: '待审核' },
            { value: 'city_approved', label: '待省级备案' },
            { value: 'filed', label: '已备案' },
            { value: 'returned', label: '已退回' },
          ]}
        />
      </Space>
      <Table<Application>
        rowKey="id"
        dataSource={rows}
        pagination={{ pageSize: 20 }}
        expandable={{
          expandedRowRender: (a) => (
            <Descriptions size="small" column={2}>
              {profileItems(a.profile)}
              <Descriptions.Item label="市级审核">
                {a.level === 'province'
                  ? '省级考试中心无需市级审核'
                  : a.cityReviewedAt
                    ? `${fmtDate(a.cityReviewedAt)} ${a.cityReviewerName ?? ''}：${a.cityRemarks ?? '（无意见）'}`
                    : '—'}
              </Descriptions.Item>
              <Descriptions.Item label="省级备案">
                {a.provinceDecidedAt
                  ? `${fmtDate(a.provinceDecidedAt)} ${a.provinceDeciderName ?? ''}：${a.provinceRemarks ?? '（无意见）'}`
                  : '—'}
              </Descriptions.Item>
            </Descriptions>
          ),
        }}
        columns={[
          { title: '考试机构', render: (_, a) => a.centreName },
          { title: '类型', dataIndex: 'kindLabel', width: 70 },
          { title: '级别', dataIndex: 'levelLabel' },
          { title: '地区', dataIndex: 'regionName' },
          { title: '申请日期', dataIndex: 'submittedAt', render: fmtDate },
          {
            title: '状态',
            render: (_, a) => (
              <>
                <Tag color={STATUS_COLOR[a.status]}>{a.statusLabel}</Tag>
                {a.status === 'returned' && (
                  <Typography.Text type="danger">{a.provinceRemarks ?? a.cityRemarks}</Typography.Text>
                )}
              </>
            ),
          },
          { title: '备案编号', dataIndex: 'filingNumber', render: (n: string | null) => n ?? '—' },
          ...(data.canReview || data.canFile
            ? [
                {
                  title: '操作',
                  render: (_: unknown, a: Application) =>
                    data.canReview && a.status === 'submitted' && a.level === 'city' ? (
                      <Button size="small" type="primary" onClick={() => setActing({ app: a, step: 'review' })}>
                        审核
                      </Button>
                    ) : data.canFile &&
                      ((a.level === 'city' && a.status === 'city_approved') ||
                        (a.level === 'province' && a.status === 'submitted')) ? (
                      <Button size="small" type="primary" onClick={() => setActing({ app: a, step: 'file' })}>
                        备案
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {acting && (
        <DecideModal
          application={acting.app}
          step={acting.step}
          onClose={() => setActing(null)}
          onDone={() => {
            setActing(null);
            onChanged();
          }}
        />
      )}
    </>
  );
}

function DecideModal({
  application,
  step,
  onClose,
  onDone,
}: {
  application: Application;
  step: 'review' | 'file';
  onClose: () => void;
  onDone: () => void;
}) {
  const [remarks, setRemarks] = useState('');
  const [filingNumber, setFilingNumber] = useState('');
  const { message } = App.useApp();
  const showProblem = useProblem();
  const decide = async (decision: 'approve' | 'file' | 'return') => {
    try {
      const r = await post<{ filingNumber: string | null }>(
        `/api/exams/centre-filing/applications/${application.id}/${step}`,
        {
          decision,
          remarks,
          ...(step === 'file' && filingNumber.trim() ? { filingNumber: filingNumber.trim() } : {}),
        },
      );
      message.success(
        decision === 'return'
          ? '已退回考试机构'
          : decision === 'approve'
            ? '审核通过，已报省级备案'
            : `已备案，编号 ${r.filingNumber}`,
      );
      onDone();
    } catch (err) {
      showProblem(err);
    }
  };
  return (
    <Modal
      open
      width={640}
      title={`${step === 'review' ? '审核' : '备案'}：${application.centreName}（${application.kindLabel}）`}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        <Button key="return" danger onClick={() => decide('return')}>
          退回
        </Button>,
        <Button key="ok" type="primary" onClick={() => decide(step === 'review' ? 'approve' : 'file')}>
          {step === 'review' ? '审核通过' : '备案'}
        </Button>,
      ]}
    >
      <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="级别">{application.levelLabel}</Descriptions.Item>
        <Descriptions.Item label="地区">{application.regionName}</Descriptions.Item>
        {profileItems(application.profile)}
        {step === 'file' && application.level === 'city' && (
          <Descriptions.Item label="市级审核" span={2}>
            {fmtDate(application.cityReviewedAt)} {application.cityReviewerName}：
            {application.cityRemarks ?? '（无意见）'}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Form layout="vertical">
        {step === 'file' && (
          <Form.Item label="备案编号" tooltip="不填则按 考机备〔年份〕省代码-序号号 自动编号；变更沿用原编号">
            <Input
              aria-label="备案编号"
              maxLength={40}
              value={filingNumber}
              onChange={(e) => setFilingNumber(e.target.value)}
            />
          </Form.Item>
        )}
        <Form.Item label={step === 'review' ? '审核意见 / 退回理由' : '备案意见 / 退回理由'}>
          <Input.TextArea
            aria-label="意见或理由"
            rows={3}
            maxLength={500}
            value={remarks}
            onChange={(e) => setRemarks(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Filings({ data, onChanged }: { data: Overview; onChanged: () => void }) {
  const [revoking, setRevoking] = useState<Filing | null>(null);
  return (
    <>
      <Table<Filing>
        rowKey="centreOrgId"
        dataSource={data.filings}
        pagination={{ pageSize: 20 }}
        expandable={{
          expandedRowRender: (f) => (
            <Descriptions size="small" column={2}>
              {profileItems(f.profile)}
              {f.revokedAt && (
                <Descriptions.Item label="撤销理由" span={2}>
                  {fmtDate(f.revokedAt)}：{f.revocationReason}
                </Descriptions.Item>
              )}
            </Descriptions>
          ),
        }}
        columns={[
          { title: '考试机构', render: (_, f) => f.profile.name },
          { title: '级别', dataIndex: 'levelLabel' },
          { title: '地区', dataIndex: 'regionName' },
          { title: '备案编号', dataIndex: 'filingNumber' },
          { title: '备案日期', dataIndex: 'filedAt', render: fmtDate },
          {
            title: '状态',
            render: (_, f) => <Tag color={f.inForce ? 'green' : 'red'}>{f.statusLabel}</Tag>,
          },
          ...(data.canFile
            ? [
                {
                  title: '操作',
                  render: (_: unknown, f: Filing) =>
                    f.inForce ? (
                      <Button size="small" danger onClick={() => setRevoking(f)}>
                        撤销备案
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {revoking && (
        <RevokeModal
          filing={revoking}
          onClose={() => setRevoking(null)}
          onDone={() => {
            setRevoking(null);
            onChanged();
          }}
        />
      )}
    </>
  );
}

function RevokeModal({ filing, onClose, onDone }: { filing: Filing; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const { message } = App.useApp();
  const showProblem = useProblem();
  const revoke = async () => {
    try {
      await post(`/api/exams/centre-filings/${filing.centreOrgId}/revoke`, { reason });
      message.success('已撤销备案');
      onDone();
    } catch (err) {
      showProblem(err);
    }
  };
  return (
    <Modal
      open
      title={`撤销备案：${filing.profile.name}`}
      onCancel={onClose}
      onOk={revoke}
      okText="撤销备案"
      okButtonProps={{ danger: true }}
    >
      <Typography.Paragraph type="secondary">
        撤销后，该机构不能再备案考试点、报备或获批考试计划；已备案的考试点保持备案，停用考试点须另行处理（暂停或取消考试点资格）。
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label="撤销理由" required>
          <Input.TextArea
            aria-label="撤销理由"
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ApplyModal({ data, onClose, onDone }: { data: Overview; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<Profile & { level: Level }>();
  const { categories } = useCatalog();
  const { message } = App.useApp();
  const showProblem = useProblem();
  const filing = data.filings[0]?.inForce ? data.filings[0] : null;
  const level = data.centre?.level ?? 'city';
  const initial = filing
    ? { ...filing.profile, level: filing.level }
    : {
        level,
        name: data.centre?.name ?? '',
        creditCode: data.centre?.creditCode ?? '',
        address: '',
        responsiblePerson: '',
        itemCodes: [],
        staffCount: 1,
        examinerCount: 1,
      };
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await post('/api/exams/centre-filing/applications', v);
      message.success(level === 'city' ? '申请已提交，待市级审核、省级备案' : '申请已提交，待省级备案');
      onDone();
    } catch (err) {
      showProblem(err);
    }
  };
  return (
    <Modal
      open
      width={640}
      title={filing ? '申请变更备案' : '申请考试机构备案'}
      onCancel={onClose}
      onOk={submit}
      okText="提交申请"
    >
      <Form form={form} layout="vertical" initialValues={initial}>
        <Form.Item name="level" label="机构级别" tooltip={`本机构设在${data.centre?.regionName ?? ''}`}>
          <Select aria-label="机构级别" options={[{ value: level, label: LEVEL_LABELS[level] }]} />
        </Form.Item>
        <Form.Item name="name" label="机构名称" rules={[{ required: true, min: 2 }]}>
          <Input aria-label="机构名称" maxLength={100} />
        </Form.Item>
        <Form.Item name="creditCode" label="统一社会信用代码" rules={[{ required: true, len: 18 }]}>
          <Input aria-label="统一社会信用代码" maxLength={18} />
        </Form.Item>
        <Form.Item name="address" label="地址" rules={[{ required: true, min: 4 }]}>
          <Input aria-label="地址" maxLength={200} />
        </Form.Item>
        <Form.Item name="responsiblePerson" label="负责人" rules={[{ required: true, min: 2 }]}>
          <Input aria-label="负责人" maxLength={30} />
        </Form.Item>
        <Form.Item name="itemCodes" label="考试项目（操作项目）" rules={[{ required: true }]}>
          <TreeSelect
            aria-label="考试项目"
            multiple
            treeCheckable
            showCheckedStrategy={TreeSelect.SHOW_CHILD}
            loading={!categories}
            treeData={categories?.map((c) => ({
              title: `${c.code} ${c.name}`,
              value: `category:${c.code}`,
              children: c.items.map((i) => ({ title: `${i.code} ${i.name}`, value: i.code })),
            }))}
            placeholder="选择本机构考试的操作项目"
          />
        </Form.Item>
        <Space>
          <Form.Item name="staffCount" label="考务人员（人）" rules={[{ required: true }]}>
            <InputNumber aria-label="考务人员" min={1} max={10000} />
          </Form.Item>
          <Form.Item name="examinerCount" label="考评员（人）" rules={[{ required: true }]}>
            <InputNumber aria-label="考评员" min={1} max={10000} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
