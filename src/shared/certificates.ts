// CER-3: what a verifier is told about a certificate — its public status, in Chinese, and nothing more.

export type PublicStatus = 'valid' | 'expired' | 'review_overdue' | 'revoked';
export type VerifyStatus = PublicStatus | 'not_found';

export const PUBLIC_STATUS_LABELS: Record<VerifyStatus, string> = {
  valid: '有效',
  expired: '已过期',
  review_overdue: '逾期未复审',
  revoked: '已撤销/注销',
  not_found: '未查到',
};

/** The public verification answer (CER-3): nothing more. */
export interface VerifyAnswer {
  status: VerifyStatus;
  number: string | null;
  itemCode: string | null;
  itemName: string | null;
  authorityName: string | null;
  validFrom: string | null;
  validUntil: string | null;
  nextReviewDue: string | null;
  holderName: string | null;
  idNumber: string | null;
  /** Issue 16: where the record comes from: native, legacy (历史导入) or other_province (外省), with its label. */
  origin?: string | null;
  originLabel?: string | null;
  /** Issue 23: with a read replica configured, which server answered (the primary when the replica is behind). */
  readFrom?: 'replica' | 'primary';
  /** Present when the answer came from (or was sought at) the national query platform (CER-2/CER-3 inbound). */
  national?: {
    outcome: 'found' | 'not_found' | 'unavailable';
    sourceName: string;
    answeredAt: string | null;
    cached: boolean;
    stale: boolean;
    provinceCode: string | null;
  };
}
