import { and, count, eq, lt, ne, or } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { sessions, users } from './schema.js';

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
    Partial<Pick<UserRow, 'failedLogins' | 'lockedUntil'>>,
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
