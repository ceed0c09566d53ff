// The data folder's lock: a file naming the holding process (PID, and on Linux its start time),
// checked for liveness at once. A busy holder (an event loop blocked by a long import) keeps it,
// since nothing needs refreshing; a crashed holder loses it the moment it dies, so a supervisor's
// immediate restart succeeds. PGlite corrupts a folder opened by two processes (pglite#1106).
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const LOCK_FILE = 'quanlian.lock';

interface LockHolder {
  pid: number;
  hostname: string;
  /** Field 22 of /proc/<pid>/stat: tells a reused PID from the process that took the lock. */
  startTime: string | null;
}

function procStat(pid: number): { state: string; startTime: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], startTime: fields[19] };
  } catch {
    return null;
  }
}

const startTimeOf = (pid: number) => procStat(pid)?.startTime ?? null;

function isAlive(holder: LockHolder): boolean {
  // Another machine's process cannot be checked (a shared network folder): treat it as alive.
  if (holder.hostname !== os.hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = procStat(holder.pid);
  // A zombie has died; its parent just has not collected it yet.
  if (now?.state === 'Z') return false;
  return holder.startTime === null || now === null || now.startTime === holder.startTime;
}

function readHolder(file: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.hostname !== 'string') return null;
    return { pid: parsed.pid, hostname: parsed.hostname, startTime: parsed.startTime ?? null };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw err;
    // A file cut short by a crash between create and write names no one alive.
    return null;
  }
}

export class FolderLockedError extends Error {
  constructor(readonly holder: LockHolder | null) {
    super(`held by process ${holder?.pid ?? '?'} on ${holder?.hostname ?? '?'}`);
  }
}

/**
 * Takes the lock on `dataDir` or throws FolderLockedError naming the live holder. Returns the
 * release function (removes the file only while it still names this process).
 */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, hostname: os.hostname(), startTime: startTimeOf(process.pid) };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, `${JSON.stringify(me)}\n`);
      closeSync(fd);
      return () => {
        try {
          if (readHolder(file)?.pid === me.pid) unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder: LockHolder | null;
    try {
      holder = readHolder(file);
    } catch {
      continue; // removed meanwhile: try again
    }
    if (holder && isAlive(holder)) throw new FolderLockedError(holder);
    // The holder is dead: move its file aside (atomic, so of two starters only one removes it;
    // the other then finds the winner's file and its live PID).
    try {
      const aside = `${file}.stale-${process.pid}`;
      renameSync(file, aside);
      unlinkSync(aside);
    } catch {
      // Another starter moved it first.
    }
  }
  throw new FolderLockedError(null);
}
