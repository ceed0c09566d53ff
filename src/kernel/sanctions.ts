// A sanction's standing as the sanctioned module keeps it (SUP-4): a suspension lapses by itself
// after its last day, so no job has to lift it; an elimination or cancellation lasts until lifted.
export type SanctionState = 'active' | 'suspended' | 'eliminated' | 'cancelled';

export interface SanctionStanding {
  state: SanctionState;
  /** Last day of a suspension (China date), inclusive. */
  until: string | null;
  ref: string | null;
}

/** The sanction in force on `today`, or null when the organisation may work (SUP-4). */
export function sanctionInForce(s: SanctionStanding | null | undefined, today: string): SanctionStanding | null {
  if (!s || s.state === 'active') return null;
  if (s.state === 'suspended' && s.until !== null && today > s.until) return null;
  return s;
}

export const SANCTION_STATE_LABELS: Record<SanctionState, string> = {
  active: '正常',
  suspended: '暂停业务',
  eliminated: '已淘汰清退',
  cancelled: '已取消考试资格',
};

export function sanctionText(s: SanctionStanding): string {
  return s.state === 'suspended' && s.until
    ? `${SANCTION_STATE_LABELS.suspended}（至 ${s.until}）`
    : SANCTION_STATE_LABELS[s.state];
}
