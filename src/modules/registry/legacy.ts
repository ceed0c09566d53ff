// Workers from a province's earlier system (issue 16 legacy import): registered in bulk with their
// personal data sealed beforehand (the import stages sealed rows), one archive event each (REG-1).
// A person already on the platform is matched by ID number and kept as registered (REG-2).
import type { Actor } from '../../kernel/access.js';
import type { Tx } from '../../db/index.js';
import { insertMany } from '../../db/bulk.js';
import { insertArchiveEvents, workerIdsByIdNumberHash } from './queries.js';
import { type archiveEvents, workers } from './schema.js';

export type PreparedWorker = Omit<typeof workers.$inferInsert, 'id' | 'registeredByOrgId' | 'registeredAt'>;

/** Registers the workers not yet on the platform; returns every given hash's worker id and how many were new. */
export async function registerImportedWorkers(
  tx: Tx,
  actor: Actor,
  now: Date,
  rows: PreparedWorker[],
  summary: string,
): Promise<{ ids: Map<string, string>; created: number }> {
  const unique = [...new Map(rows.map((r) => [r.idNumberHash, r])).values()];
  const inserted = await insertMany(
    tx,
    workers,
    unique.map((r) => ({ ...r, registeredByOrgId: actor.orgId, registeredAt: now })),
    { onConflictDoNothing: true, returning: ['id', 'idNumberHash'] },
  );
  const ids = new Map(inserted.map((w) => [w.idNumberHash, w.id]));
  const rest = unique.filter((r) => !ids.has(r.idNumberHash)).map((r) => r.idNumberHash);
  for (const [hash, w] of await workerIdsByIdNumberHash(tx, rest)) ids.set(hash, w.id);
  await insertArchiveEvents(
    tx,
    inserted.map((w) => ({
      workerId: w.id,
      occurredAt: now,
      kind: 'registered',
      summary,
      detail: { imported: true },
      actorUserId: actor.userId,
      actorName: actor.displayName,
      orgId: actor.orgId,
      orgName: actor.orgName,
    })),
  );
  return { ids, created: inserted.length };
}

/** REG-1: archive events of many workers in one statement (an import's certificates, say). */
export async function appendArchiveEvents(tx: Tx, rows: (typeof archiveEvents.$inferInsert)[]): Promise<void> {
  await insertArchiveEvents(tx, rows);
}
