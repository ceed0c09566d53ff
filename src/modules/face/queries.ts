// Reads and writes of registered photos and verification evidence; no decisions here.
import { desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { faceEnrolments, faceVerifications } from './schema.js';

export type FaceEnrolmentRow = typeof faceEnrolments.$inferSelect;
export type FaceVerificationRow = typeof faceVerifications.$inferSelect;

export async function findEnrolment(db: Executor, workerId: string): Promise<FaceEnrolmentRow | undefined> {
  const [row] = await db.select().from(faceEnrolments).where(eq(faceEnrolments.workerId, workerId));
  return row;
}

/** One registered photo per worker: a new one replaces the old (登记 or 更换). */
export async function upsertEnrolment(db: Executor, row: FaceEnrolmentRow): Promise<void> {
  const { workerId: _key, ...update } = row;
  await db.insert(faceEnrolments).values(row).onConflictDoUpdate({ target: faceEnrolments.workerId, set: update });
}

export async function updateEnrolmentDescriptor(
  db: Executor,
  workerId: string,
  descriptorSealed: string,
  modelVersion: string,
): Promise<void> {
  await db.update(faceEnrolments).set({ descriptorSealed, modelVersion }).where(eq(faceEnrolments.workerId, workerId));
}

export async function deleteEnrolment(db: Executor, workerId: string): Promise<boolean> {
  const deleted = await db
    .delete(faceEnrolments)
    .where(eq(faceEnrolments.workerId, workerId))
    .returning({ workerId: faceEnrolments.workerId });
  return deleted.length > 0;
}

export async function insertVerification(
  db: Executor,
  row: typeof faceVerifications.$inferInsert,
): Promise<FaceVerificationRow> {
  const [inserted] = await db.insert(faceVerifications).values(row).returning();
  return inserted;
}

export async function findVerification(db: Executor, id: string): Promise<FaceVerificationRow | undefined> {
  const [row] = await db.select().from(faceVerifications).where(eq(faceVerifications.id, id));
  return row;
}

export async function listVerifications(db: Executor, workerId: string, limit: number): Promise<FaceVerificationRow[]> {
  return db
    .select()
    .from(faceVerifications)
    .where(eq(faceVerifications.workerId, workerId))
    .orderBy(desc(faceVerifications.at))
    .limit(limit);
}
