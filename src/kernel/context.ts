// What every use case receives: the database, the clock, the personal-data vault and the config.
import type { Config } from '../config.js';
import type { DatabaseKind, Db } from '../db/index.js';
import { pickReadDb, type ReadFrom, type ReadReplica, type ReplicaLag } from '../db/replica.js';
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
  /** Issue 23: the streaming replica the public and dashboard reads use; absent = they read `db`. */
  replica?: ReadReplica;
}

/**
 * Issue 23: the database a read-only public or dashboard path reads now — the replica while its lag
 * is within bound, else the primary — and which one it is. Only those paths call this: a use case
 * that writes, or reads what it has just written, stays on `ctx.db`.
 */
export function readDb(ctx: AppContext): Promise<{ db: Db; readFrom: ReadFrom; epoch: number }> {
  return pickReadDb(ctx.db, ctx.replica);
}

/** Issue 23: `ctx` with `db` pointing where `readDb` says, for a read-only use case that takes a context. */
export async function readContext(ctx: AppContext): Promise<AppContext & { readFrom: ReadFrom }> {
  const { db, readFrom } = await readDb(ctx);
  return { ...ctx, db, readFrom };
}

/** Issue 23: the replica's lag for a readiness check (the /readyz of the metrics work): 0 without a replica. */
export async function replicaLag(ctx: AppContext): Promise<ReplicaLag> {
  if (!ctx.replica)
    return { configured: false, lagMs: 0, bytesBehind: 0, withinBound: true, maxLagMs: 0, measuredAt: null };
  return ctx.replica.lag();
}
