// Certificate shapes and labels shared by the authority, regulator, worker and public pages (CER-1..6).
import { PUBLIC_STATUS_LABELS, type VerifyStatus } from '@shared/certificates';
import { Tag } from 'antd';

export type CertStatus = VerifyStatus;

/** The words the server answers with (CER-3), from src/shared. */
export const STATUS_LABELS: Record<CertStatus, string> = PUBLIC_STATUS_LABELS;
export const STATUS_COLORS: Record<CertStatus, string> = {
  valid: 'green',
  expired: 'orange',
  review_overdue: 'volcano',
  revoked: 'red',
  not_found: 'default',
};

export function StatusTag({ status }: { status: CertStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{STATUS_LABELS[status]}</Tag>;
}

export interface Certificate {
  id: string;
  number: string;
  itemCode: string;
  itemName: string;
  categoryName: string;
  workerId: string;
  holderName: string;
  idNumberMasked: string;
  authorityName: string;
  issuedOn: string;
  validFrom: string;
  validUntil: string;
  nextReviewDue: string | null;
  reviewIntervalYears: number;
  state: 'active' | 'revoked' | 'cancelled';
  status: Exclude<CertStatus, 'not_found'>;
  revokeReason: string | null;
  cancelReason: string | null;
  stateNote: string | null;
  replacements: number;
  credential?: string | null;
  verifyUrl?: string;
  /** The short /v/<code> link (CER-3): a QR code of ~40 characters instead of a whole signed token. */
  shortUrl?: string;
}

export interface Review {
  id: string;
  certificateId: string;
  dueOn: string;
  kind: 'review' | 'extended';
  appliedAt: string;
  appliedByName: string;
  healthDeclaration: string;
  workRecord: string;
  retrainingHours: number;
  retrainingExamPassed: boolean;
  retrainingEvidence: string;
  tenYearCompliance: boolean;
  status: 'pending' | 'approved' | 'refused';
  refusalGround: string | null;
  retrainingAllowed: boolean | null;
  note: string | null;
  /** CER-4: the authority decides within 20 working days of the application. */
  decisionDueOn?: string | null;
  decidedLate?: boolean | null;
}

export const REVOKE_REASONS: Record<string, string> = {
  expired_without_review: '超过有效期未延期复审',
  unfit: '身体条件已不适合继续从事特种作业',
  accident: '对发生生产安全事故负有责任',
  false_info: '证书记载虚假信息（3 年内不得再次申请）',
  improper_means: '以欺骗、贿赂等不正当手段取得（3 年内不得再次申请）',
};
export const CANCEL_REASONS: Record<string, string> = {
  died: '持证人死亡',
  holder_request: '持证人提出注销申请',
  revoked: '证书已被依法撤销',
};
export const REFUSAL_GROUNDS: Record<string, string> = {
  health_failed: '体检不合格',
  violations: '违章作业造成严重后果或 2 次以上违章（可再培训考试一次）',
  penalty: '有安全生产违法行为并受行政处罚（可再培训考试一次）',
  obstruction: '拒绝、阻碍监督检查（可再培训考试一次）',
  training_failed: '未按规定参加安全培训或考试不合格（可再培训考试一次）',
  revocation_ground: '具有撤销或注销证书的情形',
};
export const REVIEW_KIND_LABELS = { review: '复审', extended: '延期复审' } as const;
export const REVIEW_STATUS_LABELS = { pending: '待审批', approved: '合格', refused: '不合格' } as const;
