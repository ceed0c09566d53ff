// What every use case receives: the database, the clock, the personal-data vault and the config.
import type { Config } from '../config.js';
import type { DatabaseKind, Db } from '../db/index.js';
import type { CertificateRegister } from './certificates.js';
import type { Clock } from './clock.js';
import type { FaceMatcher } from './face.js';
import type { PersonalDataVault } from './vault.js';

export interface AppContext {
  db: Db;
  dbKind: DatabaseKind;
  clock: Clock;
  vault: PersonalDataVault;
  config: Config;
  /** Face verification (TRN-2, TRN-3, EXM-5); see kernel/face.ts. */
  face: FaceMatcher;
  /** The platform's certificate register as seen by earlier steps (INS-4, EXM-4); see kernel/certificates.ts. */
  certificates: CertificateRegister;
}
