// 证书管理 (CER-4): certificates in scope; the issuing authority revokes, cancels, reissues and decides reviews.
import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
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
import { post, query } from '../../api';
import { useAuth } from '../../app/auth';
import {
  CANCEL_REASONS,
  REFUSAL_GROUNDS,
  REVIEW_KIND_LABELS,
  REVIEW_STATUS_LABELS,
  REVOKE_REASONS,
  StatusTag,
  type Certificate,
  type Review,
} from '../../shared/certificates';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import ReviewDeadlinesCard from './ReviewDeadlinesCard';
import type { Page } from '../../types';

interface PendingReview {
  review: Review;
  number: string;
  holderName: string;
  itemName: string;
  nextReviewDue: string | null;
  validUntil: string;
}

export default function CertificatesPage() {
  const { session } = useAuth();
  const isAuthority = Boolean(session?.menu.includes('certificates.manage'));
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useApi<Page<Certificate>>(
    `/api/certificates${query({ q, status, page, pageSize: 20 })}`,
  );
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      {isAuthority && <PendingReviews onChange={reload} />}
      {session?.menu.includes('certificates.fakes') && <ReviewDeadlinesCard />}
      <Card
        title="特种作业操作证"
        extra={
          <Space>
            <Input.Search
              placeholder="证号或姓名"
              allowClear
              maxLength={40}
              onSearch={(v) => {
                setQ(v);
                setPage(1);
              }}
            />
            <Select
              allowClear
              placeholder="状态"
              style={{ width: 140 }}
              value={status}
              onChange={(v) => {
                setStatus(v);
                setPage(1);
              }}
              options={[
                { value: 'valid', label: '有效' },
                { value: 'review_overdue', label: '逾期未复审' },
                { value: 'expired', label: '已过期' },
                { value: 'revoked', label: '已撤销/注销' },
              ]}
            />
          </Space>
        }
      >
        <Table<Certificate>
          rowKey="id"
          loading={loading}
          dataSource={data?.items}
          pagination={{
            current: page,
            total: data?.total,
            pageSize: 20,
            onChange: setPage,
            showTotal: (t) => `共 ${t} 张`,
          }}
          onRow={(c) => ({ onClick: () => setOpenId(c.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: '证号', dataIndex: 'number' },
            { title: '姓名', dataIndex: 'holderName' },
            { title: '作业项目', dataIndex: 'itemName', render: (v: string, c) => `${c.itemCode} ${v}` },
            { title: '有效期至', dataIndex: 'validUntil' },
            { title: '应复审日期', dataIndex: 'nextReviewDue' },
            { title: '发证机关', dataIndex: 'authorityName' },
            { title: '状态', dataIndex: 'status', render: (s: Certificate['status']) => <StatusTag status={s} /> },
          ]}
        />
      </Card>
      <CertificateDrawer id={openId} canAct={isAuthority} onClose={() => setOpenId(null)} onChange={reload} />
    </Flex>
  );
}

function CertificateDrawer({
  id,
  canAct,
  onClose,
  onChange,
}: {
  id: string | null;
  canAct: boolean;
  onClose(): void;
  onChange(): void;
}) {
  const { data: c, reload } = useApi<Certificate>(id ? `/api/certificates/${id}` : null);
  const { data: reviews } = useApi<Review[]>(id ? `/api/certificates/${id}/reviews` : null);
  const [action, setAction] = useState<'revoke' | 'cancel' | 'replace' | null>(null);
  const { message } = App.useApp();
  const showProblem = useProblem();
  const [form] = Form.useForm<{ reason?: string; note: string }>();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await post(`/api/certificates/${id}/${action}`, v);
      message.success(
        { revoke: '已撤销', cancel: '已注销', replace: '已补发（证号不变，电子证书已重新签发）' }[action!],
      );
      setAction(null);
      form.resetFields();
      reload();
      onChange();
    } catch (err) {
      showProblem(err);
    }
  };
  return (
    <Drawer
      open={Boolean(id)}
      onClose={onClose}
      size="large"
      title={c ? `${c.holderName} · ${c.itemName}` : '证书'}
      extra={
        canAct &&
        c && (
          <Space>
            {c.state === 'active' && <Button onClick={() => setAction('replace')}>补发</Button>}
            {c.state === 'active' && (
              <Button danger onClick={() => setAction('revoke')}>
                撤销
              </Button>
            )}
            {c.state !== 'cancelled' && (
              <Button danger onClick={() => setAction('cancel')}>
                注销
              </Button>
            )}
          </Space>
        )
      }
    >
      {c && (
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label="证号">{c.number}</Descriptions.Item>
          <Descriptions.Item label="状态">
            <StatusTag status={c.status} />
          </Descriptions.Item>
          <Descriptions.Item label="身份证号">{c.idNumberMasked}</Descriptions.Item>
          <Descriptions.Item label="作业类别 / 项目">
            {c.categoryName} / {c.itemCode} {c.itemName}
          </Descriptions.Item>
          <Descriptions.Item label="发证机关">{c.authorityName}</Descriptions.Item>
          <Descriptions.Item label="初领日期">{c.issuedOn}</Descriptions.Item>
          <Descriptions.Item label="有效期">
            {c.validFrom} 至 {c.validUntil}
          </Descriptions.Item>
          <Descriptions.Item label="应复审日期">
            {c.nextReviewDue ?? '—'}（每 {c.reviewIntervalYears} 年）
          </Descriptions.Item>
          {c.revokeReason && <Descriptions.Item label="撤销原因">{REVOKE_REASONS[c.revokeReason]}</Descriptions.Item>}
          {c.cancelReason && <Descriptions.Item label="注销原因">{CANCEL_REASONS[c.cancelReason]}</Descriptions.Item>}
          {c.stateNote && <Descriptions.Item label="说明">{c.stateNote}</Descriptions.Item>}
          <Descriptions.Item label="补发次数">{c.replacements}</Descriptions.Item>
          <Descriptions.Item label="证书文件">
            <a href={`/api/certificates/${c.id}/pdf`} target="_blank" rel="noreferrer">
              下载 PDF
            </a>
          </Descriptions.Item>
        </Descriptions>
      )}
      <Card size="small" title="复审记录" style={{ marginTop: 16 }}>
        <Table<Review>
          rowKey="id"
          size="small"
          dataSource={reviews}
          pagination={false}
          columns={[
            { title: '申请时间', dataIndex: 'appliedAt', render: fmtDateTime },
            { title: '类型', dataIndex: 'kind', render: (k: Review['kind']) => REVIEW_KIND_LABELS[k] },
            {
              title: '结果',
              dataIndex: 'status',
              render: (s: Review['status'], r) => (
                <>
                  {REVIEW_STATUS_LABELS[s]}
                  {r.refusalGround && `：${REFUSAL_GROUNDS[r.refusalGround]}`}
                </>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={Boolean(action)}
        title={{ revoke: '撤销证书', cancel: '注销证书', replace: '补发证书' }[action ?? 'revoke']}
        onCancel={() => setAction(null)}
        onOk={submit}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          {action !== 'replace' && (
            <Form.Item name="reason" label="依据" rules={[{ required: true, message: '请选择依据' }]}>
              <Radio.Group>
                <Space direction="vertical">
                  {Object.entries(action === 'revoke' ? REVOKE_REASONS : CANCEL_REASONS).map(([k, v]) => (
                    <Radio key={k} value={k}>
                      {v}
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
            </Form.Item>
          )}
          <Form.Item
            name="note"
            label={action === 'replace' ? '补发原因（如遗失、损毁，已书面申请）' : '说明'}
            rules={[{ required: true, message: '请填写' }, { max: 500 }]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}

function PendingReviews({ onChange }: { onChange(): void }) {
  const { data, reload } = useApi<PendingReview[]>('/api/certificates/reviews/pending');
  const [deciding, setDeciding] = useState<PendingReview | null>(null);
  const [form] = Form.useForm<{ approve: boolean; sixYear?: boolean; refusalGround?: string; note: string }>();
  const showProblem = useProblem();
  const approve = Form.useWatch('approve', form);
  if (!data?.length) return null;
  return (
    <Card title="待审批的复审申请">
      <Table<PendingReview>
        rowKey={(r) => r.review.id}
        size="small"
        dataSource={data}
        pagination={false}
        columns={[
          { title: '证号', dataIndex: 'number' },
          { title: '姓名', dataIndex: 'holderName' },
          { title: '项目', dataIndex: 'itemName' },
          { title: '类型', key: 'kind', render: (_: unknown, r) => <Tag>{REVIEW_KIND_LABELS[r.review.kind]}</Tag> },
          { title: '复审日期', dataIndex: 'nextReviewDue' },
          {
            title: '办结期限',
            key: 'decisionDueOn',
            render: (_: unknown, r) => r.review.decisionDueOn ?? '—',
          },
          {
            title: '再培训',
            key: 'hours',
            render: (_: unknown, r) =>
              `${r.review.retrainingHours} 学时，${r.review.retrainingExamPassed ? '考试合格' : '未考试合格'}`,
          },
          {
            title: '',
            key: 'x',
            render: (_: unknown, r) => (
              <Button
                size="small"
                type="primary"
                onClick={() => {
                  form.resetFields();
                  setDeciding(r);
                }}
              >
                审批
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={Boolean(deciding)}
        title={`复审审批：${deciding?.holderName ?? ''}`}
        onCancel={() => setDeciding(null)}
        destroyOnHidden
        onOk={async () => {
          const v = await form.validateFields();
          try {
            await post(`/api/certificates/reviews/${deciding!.review.id}/decision`, { ...v, note: v.note ?? '' });
            setDeciding(null);
            reload();
            onChange();
          } catch (err) {
            showProblem(err);
          }
        }}
      >
        {deciding && (
          <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
            <Descriptions.Item label="体检">{deciding.review.healthDeclaration}</Descriptions.Item>
            <Descriptions.Item label="从业记录">{deciding.review.workRecord}</Descriptions.Item>
            <Descriptions.Item label="培训证明">{deciding.review.retrainingEvidence}</Descriptions.Item>
            <Descriptions.Item label="连续从业 10 年以上且无违章">
              {deciding.review.tenYearCompliance ? '是（申报）' : '否'}
            </Descriptions.Item>
          </Descriptions>
        )}
        <Form form={form} layout="vertical" initialValues={{ approve: true }}>
          <Form.Item name="approve">
            <Radio.Group
              options={[
                { value: true, label: '复审合格' },
                { value: false, label: '不予通过' },
              ]}
            />
          </Form.Item>
          {approve ? (
            deciding?.review.tenYearCompliance && (
              <Form.Item name="sixYear" valuePropName="checked">
                <Checkbox>同意每 6 年复审一次</Checkbox>
              </Form.Item>
            )
          ) : (
            <Form.Item name="refusalGround" label="依据" rules={[{ required: true, message: '请选择依据' }]}>
              <Select options={Object.entries(REFUSAL_GROUNDS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          )}
          <Form.Item name="note" label="意见" rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
