import { and, count, eq, inArray, isNull, lt, ne, or } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { loginChallenges, recoveryCodes, sessions, users } from './schema.js';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  return row;
}

export async function findUser(db: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function insertUser(db: Executor, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  return row;
}

/** The log-in state under a row lock, so concurrent attempts on one account apply one after another. */
export async function lockLoginState(
  db: Executor,
  id: string,
): Promise<{ failedLogins: number; lockedUntil: Date | null }> {
  const [row] = await db
    .select({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil })
    .from(users)
    .where(eq(users.id, id))
    .for('update');
  return row;
}

export async function updateLoginState(
  db: Executor,
  id: string,
  state: { failedLogins: number; lockedUntil: Date | null },
): Promise<void> {
  await db.update(users).set(state).where(eq(users.id, id));
}

export async function listUsers(db: Executor, params: { page: number; pageSize: number }) {
  const [items, [{ total }]] = await Promise.all([
    db
      .select()
      .from(users)
      .orderBy(users.role, users.username)
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ total: count() }).from(users),
  ]);
  return { items, total };
}

export async function insertSession(db: Executor, values: SessionRow): Promise<void> {
  await db.insert(sessions).values(values);
}

export async function findSessionWithUser(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash));
  return row;
}

export async function touchSession(db: Executor, tokenHash: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteExpiredSessions(db: Executor, now: Date, idleCutoff: Date): Promise<void> {
  await db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleCutoff)));
}

export async function countUsers(db: Executor): Promise<number> {
  const [{ total }] = await db.select({ total: count() }).from(users);
  return total;
}

export async function listUsersOfOrganisation(db: Executor, orgId: string) {
  return db.select().from(users).where(eq(users.orgId, orgId)).orderBy(users.username);
}

export async function updateUser(
  db: Executor,
  id: string,
  values: Partial<Pick<UserRow, 'displayName' | 'role' | 'passwordHash' | 'mustChangePassword' | 'disabledAt'>> &
    Partial<Pick<UserRow, 'failedLogins' | 'lockedUntil'>> &
    Partial<
      Pick<
        UserRow,
        | 'phoneHash'
        | 'phoneSealed'
        | 'totpSecretSealed'
        | 'totpPendingSealed'
        | 'totpEnabledAt'
        | 'totpLastStep'
        | 'smsFactorEnabledAt'
      >
    >,
): Promise<UserRow> {
  const [row] = await db.update(users).set(values).where(eq(users.id, id)).returning();
  return row;
}

/** The user's row under a row lock: two administrators' edits of one account apply one after another. */
export async function lockUser(db: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).for('update');
  return row;
}

/** Ends the user's sessions, all of them or all but the one (by token hash) the request came with. */
export async function deleteSessionsOfUser(db: Executor, userId: string, exceptTokenHash?: string): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(
      exceptTokenHash
        ? and(eq(sessions.userId, userId), ne(sessions.tokenHash, exceptTokenHash))
        : eq(sessions.userId, userId),
    )
    .returning({ tokenHash: sessions.tokenHash });
  return rows.length;
}

export async function findUserLinkedToWorker(db: Executor, workerId: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.workerId, workerId));
  return row;
}

export async function setUserWorker(db: Executor, id: string, workerId: string): Promise<void> {
  await db.update(users).set({ workerId }).where(eq(users.id, id));
}

export async function setUserPassword(db: Executor, id: string, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash, failedLogins: 0, lockedUntil: null }).where(eq(users.id, id));
}

/**
 * Issue 22: the accounts a verified number reaches — one that bound it, or a worker account made by
 * sign-up with it (its username is `m` + the same keyed hash, see phoneUsername).
 */
export async function findUsersByPhoneHash(db: Executor, phoneHash: string): Promise<UserRow[]> {
  return db
    .select()
    .from(users)
    .where(or(eq(users.phoneHash, phoneHash), eq(users.username, `m${phoneHash.slice(0, 24)}`)));
}

export async function insertChallenge(db: Executor, values: typeof loginChallenges.$inferInsert): Promise<void> {
  await db.insert(loginChallenges).values(values);
}

export async function findChallenge(db: Executor, tokenHash: string) {
  const [row] = await db.select().from(loginChallenges).where(eq(loginChallenges.tokenHash, tokenHash));
  return row as typeof loginChallenges.$inferSelect | undefined;
}

export async function countChallengeAttempt(db: Executor, tokenHash: string): Promise<void> {
  const [row] = await db.select().from(loginChallenges).where(eq(loginChallenges.tokenHash, tokenHash)).for('update');
  if (row)
    await db
      .update(loginChallenges)
      .set({ attempts: row.attempts + 1 })
      .where(eq(loginChallenges.tokenHash, tokenHash));
}

/** Marks a challenge used; false when a parallel request used it first. */
export async function consumeChallenge(db: Executor, tokenHash: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(loginChallenges)
    .set({ usedAt: at })
    .where(and(eq(loginChallenges.tokenHash, tokenHash), isNull(loginChallenges.usedAt)))
    .returning({ tokenHash: loginChallenges.tokenHash });
  return rows.length === 1;
}

export async function deleteStaleChallenges(db: Executor, before: Date): Promise<void> {
  await db.delete(loginChallenges).where(lt(loginChallenges.expiresAt, before));
}

export async function replaceRecoveryCodes(db: Executor, userId: string, hashes: string[], at: Date): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  if (hashes.length)
    await db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ codeHash, userId, createdAt: at })));
}

/** Uses one unused recovery code of the user; false when there is none with this hash. */
/** Spends the unused code stored under any of `codeHashes` (the hashes one code may have; see factors.ts). */
export async function spendRecoveryCode(
  db: Executor,
  userId: string,
  codeHashes: string[],
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: at })
    .where(
      and(inArray(recoveryCodes.codeHash, codeHashes), eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)),
    )
    .returning({ codeHash: recoveryCodes.codeHash });
  return rows.length > 0;
}

export async function countUnusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
  const [{ total }] = await db
    .select({ total: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return total;
}

export async function setSessionRestriction(
  db: Executor,
  tokenHash: string,
  restriction: string | null,
): Promise<void> {
  await db.update(sessions).set({ restriction }).where(eq(sessions.tokenHash, tokenHash));
}
