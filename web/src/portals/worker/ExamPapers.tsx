// The candidate's printed papers (issue 19 item 8): the 准考证 (admission ticket: photo, name,
// masked ID number, item, session, site, time, 准考证号, QR) and the 成绩单 (theory, practical and
// final result of one attempt). Shown in a dialog; 打印 prints only the paper (see print.css).
import { Avatar, Button, Descriptions, Flex, Modal, Typography } from 'antd';
import { PrinterOutlined, UserOutlined } from '@ant-design/icons';
import { QRCodeSVG } from 'qrcode.react';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import type { Booking } from './ExamPage';
import '../../shared/print.css';

interface Ticket {
  admissionNumber: string;
  workerId: string;
  name: string;
  gender: string | null;
  idNumberMasked: string;
  hasPhoto: boolean;
  itemCode: string;
  itemName: string;
  attemptLabel: string;
  date: string;
  startsAt: string;
  siteName: string;
  siteAddress: string;
  qr: string;
}

const GENDER: Record<string, string> = { male: '男', female: '女' };

function PrintFooter({ onClose }: { onClose(): void }) {
  return (
    <Flex justify="end" gap={8}>
      <Button onClick={onClose}>关闭</Button>
      <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
        打印
      </Button>
    </Flex>
  );
}

export function AdmissionTicketModal({ bookingId, onClose }: { bookingId: string; onClose(): void }) {
  const { data, error } = useApi<Ticket>(`/api/exams/bookings/${bookingId}/ticket`);
  return (
    <Modal open width={680} title="准考证" onCancel={onClose} footer={<PrintFooter onClose={onClose} />}>
      {error && <ProblemAlert error={error} />}
      {data && (
        <div className="ql-print" data-testid="admission-ticket">
          <Typography.Title level={4} style={{ textAlign: 'center' }}>
            特种作业操作证考试 准考证
          </Typography.Title>
          <Flex gap={16} align="start">
            {data.hasPhoto ? (
              <img
                src={`/api/workers/${data.workerId}/face/photo`}
                alt="考生照片"
                style={{ width: 105, height: 140, objectFit: 'cover', border: '1px solid #ddd', flex: 'none' }}
              />
            ) : (
              <Avatar shape="square" size={105} icon={<UserOutlined />} alt="无登记照片" style={{ flex: 'none' }} />
            )}
            <Descriptions column={1} size="small" bordered style={{ flex: 1 }}>
              <Descriptions.Item label="准考证号">
                <Typography.Text strong style={{ fontSize: 16 }}>
                  {data.admissionNumber}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="姓名">
                {data.name}
                {data.gender && `（${GENDER[data.gender] ?? data.gender}）`}
              </Descriptions.Item>
              <Descriptions.Item label="身份证号">{data.idNumberMasked}</Descriptions.Item>
              <Descriptions.Item label="考试项目">
                {data.itemCode} {data.itemName}（{data.attemptLabel}）
              </Descriptions.Item>
              <Descriptions.Item label="考试时间">{fmtDateTime(data.startsAt)}</Descriptions.Item>
              <Descriptions.Item label="考试点">
                {data.siteName}
                <br />
                <Typography.Text type="secondary">{data.siteAddress}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            <Flex vertical align="center" gap={4} style={{ flex: 'none' }}>
              <QRCodeSVG value={data.qr} size={112} level="L" marginSize={2} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                入场扫码
              </Typography.Text>
            </Flex>
          </Flex>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
            考生须持本准考证和本人有效身份证件，于开考前 30 分钟到达考场，经身份证和人脸核验后入场；开考后全程全屏作答，
            退出全屏、切换窗口均被记录。
          </Typography.Paragraph>
        </div>
      )}
    </Modal>
  );
}

export function ScoreReportModal({ booking, onClose }: { booking: Booking; onClose(): void }) {
  const { data: ticket } = useApi<Ticket>(`/api/exams/bookings/${booking.bookingId}/ticket`);
  const r = booking.result!;
  const part = (score: number | null, mark: number, passed: boolean) =>
    score === null ? '免考（沿用前次合格成绩）' : `${score} 分（合格线 ${mark} 分，${passed ? '合格' : '不合格'}）`;
  return (
    <Modal open width={620} title="成绩单" onCancel={onClose} footer={<PrintFooter onClose={onClose} />}>
      <div className="ql-print" data-testid="score-report">
        <Typography.Title level={4} style={{ textAlign: 'center' }}>
          特种作业操作证考试 成绩单
        </Typography.Title>
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label="姓名">{ticket?.name ?? ''}</Descriptions.Item>
          <Descriptions.Item label="身份证号">{ticket?.idNumberMasked ?? ''}</Descriptions.Item>
          <Descriptions.Item label="准考证号">{booking.admissionNumber}</Descriptions.Item>
          <Descriptions.Item label="考试项目">
            {booking.itemCode}（{booking.attemptLabel}）
          </Descriptions.Item>
          <Descriptions.Item label="考试时间">{fmtDateTime(booking.startsAt)}</Descriptions.Item>
          <Descriptions.Item label="考试点">{booking.siteName}</Descriptions.Item>
          <Descriptions.Item label="安全技术理论">
            {part(r.theoryScore, r.theoryPassMark, r.theoryPassed)}
          </Descriptions.Item>
          <Descriptions.Item label="实际操作">
            {part(r.practicalScore, r.practicalPassMark, r.practicalPassed)}
          </Descriptions.Item>
          <Descriptions.Item label="考试结果">
            <Typography.Text strong type={r.passed ? 'success' : 'danger'}>
              {r.passed ? '合格' : '不合格'}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="发布时间">{fmtDateTime(r.publishedAt)}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
          {r.passed
            ? '考试合格后由发证机关在承诺期限内审批发证，证书可在“我的证书”查看和打印。'
            : '不合格的，可按规定补考 1 次（只补考不合格的部分）；补考仍不合格的，须重新参加培训。'}
        </Typography.Paragraph>
      </div>
    </Modal>
  );
}
