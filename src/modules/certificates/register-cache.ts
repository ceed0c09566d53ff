// CER-3 under load: public verification reads the certificates under a number from a per-process
// cache instead of the database on every request. Correct across instances: every write to the
// certificates bumps one version row in the same transaction; each process re-reads that version at
// most every VERSION_CHECK_MS and drops its cache when it moved, so a revocation made on any
// instance is answered everywhere within VERSION_CHECK_MS plus one query (≤ 1 s, CER-3's promise).
// A read that started before a change never lands in the cache after it: entries are stored only
// when the version seen before the read is still current.
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { registerVersion } from './schema.js';

export const VERSION_CHECK_MS = 500;
/** ≈ 100 MB at most for 200,000 numbers' rows; the oldest entries go first. */
export const MAX_ENTRIES = 200_000;

class RegisterCache<T> {
  private entries = new Map<string, T>();
  private version: string | null = null;
  private checkedAt = -Infinity;
  private checking: Promise<void> | null = null;

  constructor(private readonly db: Executor) {}

  /** Re-reads the version when it is older than VERSION_CHECK_MS; concurrent callers share one read. */
  async fresh(): Promise<void> {
    if (performance.now() - this.checkedAt < VERSION_CHECK_MS) return;
    this.checking ??= (async () => {
      try {
        const [row] = await this.db
          .select({ version: registerVersion.version })
          .from(registerVersion)
          .where(eq(registerVersion.id, 1));
        const version = String(row?.version ?? 0);
        if (version !== this.version) this.entries.clear();
        this.version = version;
        this.checkedAt = performance.now();
      } finally {
        this.checking = null;
      }
    })();
    await this.checking;
  }

  /** A token to pass to `set`: the version the caller's read is based on. */
  get stamp(): string | null {
    return this.version;
  }

  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: T, stamp: string | null): void {
    if (stamp === null || stamp !== this.version) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
  }

  /** This process changed the register: forget everything and read the version on the next request. */
  invalidate(): void {
    this.entries.clear();
    this.version = null;
    this.checkedAt = -Infinity;
  }
}

// One cache per database handle (a process may hold several, e.g. tests).
const caches = new WeakMap<object, RegisterCache<unknown>>();

export function registerCache<T>(db: Executor): RegisterCache<T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new RegisterCache<unknown>(db)));
  return cache as RegisterCache<T>;
}

/** Call in the transaction of every write to `certificates`: other processes see the bump within VERSION_CHECK_MS. */
export async function touchRegister(tx: Executor, db: Executor): Promise<void> {
  await tx
    .insert(registerVersion)
    .values({ id: 1, version: 1 })
    .onConflictDoUpdate({ target: registerVersion.id, set: { version: sql`${registerVersion.version} + 1` } });
  registerCache(db).invalidate();
}
