// 我的证书 (CER-3, CER-4, CER-6): the holder's certificates with status, dates and the QR code of the
// signed credential; print/download right after issuance; review applications; reminders.
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { QRCodeSVG } from 'qrcode.react';
import { post } from '../../api';
import { StatusTag, type Certificate } from '../../shared/certificates';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import type { Page } from '../../types';
import { fmtDate } from '../../shared/format';
import { usePhone } from '../../shared/usePhone';

interface Reminder {
  certificateId: string;
  kind: string;
  concernsDate: string;
  message: string;
}

export default function MyCertificatesPage() {
  const { data, error, reload } = useApi<Page<Certificate>>('/api/certificates?pageSize=50');
  const { data: reminders } = useApi<Reminder[]>('/api/certificates/reminders');
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      {reminders?.slice(0, 5).map((r) => (
        <Alert key={`${r.certificateId}${r.kind}${r.concernsDate}`} type="warning" showIcon title={r.message} />
      ))}
      {data && !data.items.length && (
        <Card>
          <Empty description="暂无证书：考试合格后，发证机关审批发证即可在此查看和打印。" />
        </Card>
      )}
      {data?.items.map((c) => (
        <CertificateCard key={c.id} id={c.id} onChange={reload} />
      ))}
    </Flex>
  );
}

interface Review {
  id: string;
  dueOn: string;
  appliedAt: string;
  status: 'pending' | 'approved' | 'refused';
  decisionDueOn: string | null;
  note: string | null;
  refusalGround: string | null;
}

/** Days from today (China) to a date, for "还有 N 天". */
function daysUntil(date: string): number {
  const today = dayjs().format('YYYY-MM-DD');
  return dayjs(date).diff(dayjs(today), 'day');
}

/** CER-4: the review due date, how far off it is, and where the holder's application stands. */
function ReviewStanding({ c, reviews }: { c: Certificate; reviews?: Review[] }) {
  const latest = reviews?.find((r) => r.dueOn === c.nextReviewDue) ?? reviews?.[0];
  const due = c.nextReviewDue;
  const days = due ? daysUntil(due) : null;
  return (
    <Flex vertical gap={4} data-testid="review-standing">
      {due && days !== null && (
        <Typography.Text strong type={days < 0 ? 'danger' : days <= 60 ? 'warning' : undefined}>
          复审日期 {due}
          {days < 0 ? `（已逾期 ${-days} 天）` : days === 0 ? '（今天）' : `（还有 ${days} 天）`}
        </Typography.Text>
      )}
      {due && days !== null && days > 60 && (
        <Typography.Text type="secondary">复审日期前 60 日内可在此申请复审。</Typography.Text>
      )}
      {latest?.status === 'pending' && (
        // A tag does not wrap by itself: on a 390 px phone this one would push the page sideways.
        <Tag color="processing" style={{ alignSelf: 'flex-start', whiteSpace: 'normal', maxWidth: '100%' }}>
          复审申请审批中（{fmtDate(latest.appliedAt)} 提交
          {latest.decisionDueOn ? `，${latest.decisionDueOn} 前办结` : ''}）
        </Tag>
      )}
      {latest?.status === 'approved' && (
        <Tag color="green" style={{ alignSelf: 'flex-start' }}>
          复审已通过
        </Tag>
      )}
      {latest?.status === 'refused' && (
        <Typography.Text type="danger">复审未通过：{latest.note ?? latest.refusalGround ?? ''}</Typography.Text>
      )}
    </Flex>
  );
}

function CertificateCard({ id, onChange }: { id: string; onChange(): void }) {
  const { data: c } = useApi<Certificate>(`/api/certificates/${id}`);
  const { data: reviews, reload: reloadReviews } = useApi<Review[]>(`/api/certificates/${id}/reviews`);
  const [applying, setApplying] = useState(false);
  const phone = usePhone();
  if (!c) return <Card loading />;
  const pending = reviews?.some((r) => r.status === 'pending');
  // On a phone the actions sit under the certificate, full width (a header has no room for two buttons).
  const actions = (
    <Space wrap>
      <Button type="primary" href={`/api/certificates/${c.id}/pdf`} target="_blank">
        打印 / 下载证书
      </Button>
      {c.state === 'active' && !pending && <Button onClick={() => setApplying(true)}>申请复审</Button>}
    </Space>
  );
  return (
    <Card
      title={
        <Space wrap>
          {c.itemName}
          <StatusTag status={c.status} />
        </Space>
      }
      extra={phone ? undefined : actions}
    >
      <Row gutter={[24, 16]}>
        <Col flex="auto">
          <Flex vertical gap={12}>
            <ReviewStanding c={c} reviews={reviews} />
            <Descriptions column={1} size="small">
              <Descriptions.Item label="证号">{c.number}</Descriptions.Item>
              <Descriptions.Item label="作业类别">{c.categoryName}</Descriptions.Item>
              <Descriptions.Item label="操作项目">
                {c.itemCode} {c.itemName}
              </Descriptions.Item>
              <Descriptions.Item label="发证机关">{c.authorityName}</Descriptions.Item>
              <Descriptions.Item label="初领日期">{c.issuedOn}</Descriptions.Item>
              <Descriptions.Item label="有效期">
                {c.validFrom} 至 {c.validUntil}
              </Descriptions.Item>
              <Descriptions.Item label="应复审日期">{c.nextReviewDue ?? '—'}</Descriptions.Item>
            </Descriptions>
          </Flex>
        </Col>
        {c.credential && c.state === 'active' && (
          <Col flex={phone ? '1 1 100%' : undefined}>
            <Flex vertical align="center" gap={4}>
              {/* The short link (a 12-character code resolving to the signed token) keeps the code coarse
                  enough for a phone camera: ~40 characters at level M is a 29×29 grid at 7 px a module. */}
              <QRCodeSVG value={c.shortUrl ?? c.verifyUrl ?? c.credential} size={220} level="M" marginSize={2} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                扫码核验（含发证机关电子签名）
              </Typography.Text>
            </Flex>
          </Col>
        )}
      </Row>
      {phone && (
        <div className="ql-card-actions" style={{ marginTop: 16 }}>
          {actions}
        </div>
      )}
      <ReviewModal
        open={applying}
        certificate={c}
        onClose={() => setApplying(false)}
        onDone={() => {
          setApplying(false);
          reloadReviews();
          onChange();
        }}
      />
    </Card>
  );
}

function ReviewModal({
  open,
  certificate,
  onClose,
  onDone,
}: {
  open: boolean;
  certificate: Certificate;
  onClose(): void;
  onDone(): void;
}) {
  const [form] = Form.useForm();
  const showProblem = useProblem();
  const { message } = App.useApp();
  return (
    <Modal
      open={open}
      title={`申请复审：${certificate.itemName}（复审日期 ${certificate.nextReviewDue ?? '—'}）`}
      onCancel={onClose}
      destroyOnHidden
      width={600}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await post(`/api/certificates/${certificate.id}/reviews`, {
            ...v,
            retrainingExamPassed: Boolean(v.retrainingExamPassed),
            tenYearCompliance: Boolean(v.tenYearCompliance),
          });
          message.success('复审申请已提交，等待发证机关审批');
          onDone();
        } catch (err) {
          showProblem(err);
        }
      }}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="复审须在复审日期前 60 日内申请，并在复审前参加不少于 8 学时的安全培训且考试合格。平台的培训模块尚未开设复审培训班，请如实填写培训情况并附证明。"
      />
      <Form form={form} layout="vertical" initialValues={{ retrainingHours: 8 }}>
        <Form.Item
          name="healthDeclaration"
          label="体检情况（医疗机构、日期、结论）"
          rules={[{ required: true }, { max: 500 }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="workRecord" label="从事特种作业情况" rules={[{ required: true }, { max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space>
          <Form.Item name="retrainingHours" label="复审培训学时" rules={[{ required: true }]}>
            <InputNumber min={0} max={200} />
          </Form.Item>
          <Form.Item name="retrainingExamPassed" valuePropName="checked" label=" ">
            <Checkbox>培训考试合格</Checkbox>
          </Form.Item>
        </Space>
        <Form.Item
          name="retrainingEvidence"
          label="培训证明（机构、日期、成绩）"
          rules={[{ required: true }, { max: 500 }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="tenYearCompliance" valuePropName="checked">
          <Checkbox>连续从事本工种 10 年以上，严格遵守安全生产法律法规（可申请每 6 年复审一次）</Checkbox>
        </Form.Item>
      </Form>
      <List size="small" />
    </Modal>
  );
}
