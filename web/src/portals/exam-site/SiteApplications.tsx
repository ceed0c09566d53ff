// 考试点设立与变更 (EXM-1, seed 004 §8): the exam centre's applications and their status; the city
// regulator's queue with 审核 (accept against the checklist with remarks, or return with reasons) and the
// province's queue with 备案 (file with a number, or return). The centre only applies; it never decides.
import { useState } from 'react';
import { App, Button, Checkbox, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { post } from '../../api';
import { useProblem, ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { fmtDate } from '../../shared/format';

type Status = 'submitted' | 'city_approved' | 'filed' | 'returned';
interface Application {
  id: string;
  siteId: string;
  siteName: string;
  kindLabel: string;
  centreLevelLabel: string;
  regionName: string;
  seats: number;
  proposal: { address: string; itemCodes: string[]; rooms: Array<{ name: string; seats: number }> };
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
interface Listing {
  items: Application[];
  checklist: Array<{ code: string; label: string }>;
  canReview: boolean;
  canFile: boolean;
  canApply: boolean;
}

const STATUS_COLOR: Record<Status, string> = {
  submitted: 'orange',
  city_approved: 'blue',
  filed: 'green',
  returned: 'red',
};

export default function SiteApplications({ onChanged }: { onChanged: () => void }) {
  const [status, setStatus] = useState<Status | undefined>(undefined);
  const { data, error, loading, reload } = useApi<Listing>(
    `/api/exams/site-applications${status ? `?status=${status}` : ''}`,
  );
  const [reviewing, setReviewing] = useState<Application | null>(null);
  const [filing, setFiling] = useState<Application | null>(null);
  const done = () => {
    setReviewing(null);
    setFiling(null);
    reload();
    onChanged();
  };
  return (
    <>
      {error && <ProblemAlert error={error} />}
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text>状态</Typography.Text>
        <Select<Status>
          allowClear
          placeholder="全部"
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={[
            { value: 'submitted', label: '待市级审核' },
            { value: 'city_approved', label: '待省级备案' },
            { value: 'filed', label: '已备案' },
            { value: 'returned', label: '已退回' },
          ]}
        />
        <Typography.Text type="secondary">
          流程：考试机构申请 → 考试点所在地市级应急管理部门审核验收 → 省级应急管理部门备案，备案后方可安排考试（EXM-1）
        </Typography.Text>
      </Space>
      <Table<Application>
        rowKey="id"
        loading={loading}
        dataSource={data?.items}
        pagination={{ pageSize: 20 }}
        expandable={{
          expandedRowRender: (a) => (
            <Descriptions size="small" column={2}>
              <Descriptions.Item label="地址">{a.proposal.address}</Descriptions.Item>
              <Descriptions.Item label="考场">
                {a.proposal.rooms.map((r) => `${r.name} ${r.seats} 座`).join('；')}
              </Descriptions.Item>
              <Descriptions.Item label="市级审核">
                {a.cityReviewedAt
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
          { title: '考试点', dataIndex: 'siteName' },
          { title: '类型', dataIndex: 'kindLabel', width: 70 },
          { title: '地区', dataIndex: 'regionName' },
          { title: '考试机构级别', dataIndex: 'centreLevelLabel' },
          { title: '座位', dataIndex: 'seats', width: 70 },
          { title: '项目', render: (_, a) => a.proposal.itemCodes.join('、') },
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
          ...(data?.canReview || data?.canFile
            ? [
                {
                  title: '操作',
                  render: (_: unknown, a: Application) =>
                    data.canReview && a.status === 'submitted' ? (
                      <Button size="small" type="primary" onClick={() => setReviewing(a)}>
                        审核
                      </Button>
                    ) : data.canFile && a.status === 'city_approved' ? (
                      <Button size="small" type="primary" onClick={() => setFiling(a)}>
                        备案
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {reviewing && data && (
        <ReviewModal
          application={reviewing}
          checklist={data.checklist}
          onClose={() => setReviewing(null)}
          onDone={done}
        />
      )}
      {filing && <FilingModal application={filing} onClose={() => setFiling(null)} onDone={done} />}
    </>
  );
}

function ReviewModal({
  application,
  checklist,
  onClose,
  onDone,
}: {
  application: Application;
  checklist: Array<{ code: string; label: string }>;
  onClose: () => void;
  onDone: () => void;
}) {
  const [passed, setPassed] = useState<string[]>([]);
  const [remarks, setRemarks] = useState('');
  const { message } = App.useApp();
  const showProblem = useProblem();
  const decide = async (decision: 'approve' | 'return') => {
    try {
      await post(`/api/exams/site-applications/${application.id}/review`, {
        decision,
        checks: checklist.map((c) => ({ code: c.code, passed: passed.includes(c.code) })),
        remarks,
      });
      message.success(decision === 'approve' ? '审核通过，已报省级备案' : '已退回考试机构');
      onDone();
    } catch (err) {
      showProblem(err);
    }
  };
  return (
    <Modal
      open
      width={640}
      title={`审核验收：${application.siteName}（${application.kindLabel}）`}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        <Button key="return" danger onClick={() => decide('return')}>
          退回
        </Button>,
        <Button key="approve" type="primary" onClick={() => decide('approve')}>
          审核通过
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">
        按全省统一标准逐项验收；全部通过方可审核通过，退回须说明理由。
      </Typography.Paragraph>
      <Checkbox.Group value={passed} onChange={(v) => setPassed(v as string[])}>
        <Space direction="vertical">
          {checklist.map((c) => (
            <Checkbox key={c.code} value={c.code}>
              {c.label}
            </Checkbox>
          ))}
        </Space>
      </Checkbox.Group>
      <Form layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item label="审核意见 / 退回理由">
          <Input.TextArea
            aria-label="审核意见 / 退回理由"
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

function FilingModal({
  application,
  onClose,
  onDone,
}: {
  application: Application;
  onClose: () => void;
  onDone: () => void;
}) {
  const [filingNumber, setFilingNumber] = useState('');
  const [remarks, setRemarks] = useState('');
  const { message } = App.useApp();
  const showProblem = useProblem();
  const decide = async (decision: 'file' | 'return') => {
    try {
      const r = await post<{ filingNumber: string | null }>(`/api/exams/site-applications/${application.id}/filing`, {
        decision,
        ...(filingNumber.trim() ? { filingNumber: filingNumber.trim() } : {}),
        remarks,
      });
      message.success(decision === 'file' ? `已备案，编号 ${r.filingNumber}` : '已退回考试机构');
      onDone();
    } catch (err) {
      showProblem(err);
    }
  };
  return (
    <Modal
      open
      title={`备案：${application.siteName}（${application.kindLabel}）`}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        <Button key="return" danger onClick={() => decide('return')}>
          退回
        </Button>,
        <Button key="file" type="primary" onClick={() => decide('file')}>
          备案
        </Button>,
      ]}
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="市级审核">
          {fmtDate(application.cityReviewedAt)} {application.cityReviewerName}：
          {application.cityRemarks ?? '（无意见）'}
        </Descriptions.Item>
      </Descriptions>
      <Form layout="vertical">
        <Form.Item label="备案编号" tooltip="不填则按 考点备〔年份〕省代码-序号号 自动编号；变更沿用原编号">
          <Input
            aria-label="备案编号"
            maxLength={50}
            value={filingNumber}
            onChange={(e) => setFilingNumber(e.target.value)}
          />
        </Form.Item>
        <Form.Item label="备案意见 / 退回理由">
          <Input.TextArea
            aria-label="备案意见 / 退回理由"
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
