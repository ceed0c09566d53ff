// The seam through which earlier steps of the chain (institutions' teachers, exam staff: INS-4,
// EXM-4) check a certificate against the platform's own register without importing the
// certificates module, which comes later in the chain. platform.ts wires the real register.
import type { Executor } from '../db/index.js';

export type RegisteredCertificateStatus = 'valid' | 'expired' | 'review_overdue' | 'revoked' | 'cancelled';

export interface RegisteredCertificate {
  number: string;
  itemCode: string;
  /** CAT-1 category code of the item. */
  categoryCode: string;
  validFrom: string;
  validUntil: string;
  nextReviewDue: string | null;
  status: RegisteredCertificateStatus;
}

export interface CertificateRegister {
  /**
   * The certificates issued under this number whose holder has this name, as they stand on `onDate`
   * (YYYY-MM-DD, China time). Empty when the platform holds none: the number is unknown or the name differs.
   */
  lookup(db: Executor, query: { number: string; holderName: string; onDate: string }): Promise<RegisteredCertificate[]>;
  /** The certificates each of these workers holds, as they stand on `onDate` (EMP-3: the employer's ledger). */
  heldBy(db: Executor, workerIds: string[], onDate: string): Promise<Map<string, RegisteredCertificate[]>>;
  /**
   * CER-4: the date (YYYY-MM-DD) until which the worker may not apply for a certificate again, after a
   * revocation for false information or improper means; null when not barred. Registry's REG-3 check asks it.
   */
  reapplicationBarredUntil(db: Executor, workerId: string): Promise<string | null>;
}

/** Until the certificates module is wired in, the platform holds no certificates. */
export const emptyCertificateRegister: CertificateRegister = {
  async lookup() {
    return [];
  },
  async heldBy() {
    return new Map();
  },
  async reapplicationBarredUntil() {
    return null;
  },
};
