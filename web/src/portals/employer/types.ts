export interface Employment {
  id: string;
  workerId: string;
  workerName: string;
  idNumberMasked: string;
  employerOrgId: string;
  employerName: string | null;
  kind: 'own' | 'dispatched' | 'outsourced' | 'temporary';
  kindLabel: string;
  providerName: string | null;
  items: Array<{
    code: string;
    name: string;
    certificate: { number: string; status: string; validUntil: string; nextReviewDue: string | null } | null;
    alert: CertificateAlert | null;
    alertLabel: string | null;
  }>;
  hiredOn: string;
  filingDueOn: string;
  filedOn: string | null;
  filingStatus: 'filed' | 'filed_late' | 'due' | 'overdue';
  filingStatusLabel: string;
  daysUntilFilingDue: number | null;
  endedOn: string | null;
  endReason: string | null;
}

export const KIND_OPTIONS = [
  { value: 'own', label: '本单位职工' },
  { value: 'dispatched', label: '劳务派遣' },
  { value: 'outsourced', label: '外包单位人员' },
  { value: 'temporary', label: '临时用工' },
];

export const FILING_OPTIONS = [
  { value: 'overdue', label: '逾期未备案' },
  { value: 'due', label: '待备案' },
  { value: 'filed', label: '已备案' },
  { value: 'filed_late', label: '逾期备案' },
];

export const FILING_COLORS: Record<Employment['filingStatus'], string> = {
  filed: 'green',
  filed_late: 'orange',
  due: 'blue',
  overdue: 'red',
};

export type CertificateAlert = 'uncertified' | 'revoked' | 'expired' | 'review_overdue' | 'review_due' | 'expiring';
export const ALERT_OPTIONS: Array<{ value: CertificateAlert; label: string }> = [
  { value: 'uncertified', label: '无有效操作证' },
  { value: 'revoked', label: '证书已撤销' },
  { value: 'expired', label: '证书已过期' },
  { value: 'review_overdue', label: '逾期未复审' },
  { value: 'review_due', label: '即将复审' },
  { value: 'expiring', label: '90 日内到期' },
];
export const ALERT_COLORS: Record<CertificateAlert, string> = {
  uncertified: 'red',
  revoked: 'red',
  expired: 'red',
  review_overdue: 'red',
  review_due: 'orange',
  expiring: 'gold',
};
