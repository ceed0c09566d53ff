// Test fixture (src/db/index.test.ts): opens a data folder — at once, or on a "go" line on stdin
// so the test's timing does not include starting Node — says so, then blocks its event loop for
// BLOCK_MS as a long import does: the lock must hold without any refreshing.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { DataDirLockedError, openPglite } from './index.js';
import { FolderLockedError, lockDataDir } from './lock.js';

const [dataDir, blockMs = '0', when = 'now'] = process.argv.slice(2);
if (when === 'wait') {
  console.log('ready');
  await once(createInterface({ input: process.stdin }), 'line');
}
const started = performance.now();
try {
  // The lock alone first (timed), then the database as the server opens it.
  lockDataDir(dataDir)();
  const lockMs = Math.round(performance.now() - started);
  const database = await openPglite(dataDir);
  console.log(`open ${lockMs} ${Math.round(performance.now() - started)} ${process.pid}`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(blockMs));
  await database.close();
  process.exit(0);
} catch (err) {
  if (err instanceof DataDirLockedError || err instanceof FolderLockedError) {
    console.log('locked');
    process.exit(3);
  }
  throw err;
}
