// pg-boss on the platform's database: what it adds to start-up (its schema on a fresh database, the
// check on a later start, starting the workers) and how many jobs per second one worker runs.
// PGlite in memory by default; PostgreSQL when DATABASE_URL is set. Prints figures; asserts nothing.
//   npx tsx bench/jobs.ts [jobs=2000] [batchSize=100]
import { migrateDatabase, openMemoryPglite, openPostgres } from '../src/db/index.js';
import { migrateJobs, sendJob, startJobs } from '../src/kernel/jobs.js';

const total = Number(process.argv[2] ?? 2000);
const batchSize = Number(process.argv[3] ?? 100);
const url = process.env.DATABASE_URL;
const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;

const database = url ? await openPostgres(url) : await openMemoryPglite();
await migrateDatabase(database);
let t = performance.now();
await migrateJobs(database);
console.log(`${database.kind}: pg-boss schema on a migrated database (first time): ${ms(t)}`);
t = performance.now();
await migrateJobs(database);
console.log(`${database.kind}: pg-boss schema check on a later start:              ${ms(t)}`);
t = performance.now();
const jobs = await startJobs({ db: database.db }, { pollingIntervalSeconds: 0.5 });
console.log(`${database.kind}: startJobs (supervisor + cron):                        ${ms(t)}`);

const queue = `bench-${Date.now()}`;
await jobs.defineQueue(queue, { retryLimit: 0, retryDelay: 0, retryBackoff: false });
t = performance.now();
for (let i = 0; i < total; i += 1) await sendJob(database.db, queue, { i });
const sendMs = performance.now() - t;
console.log(`${database.kind}: send, one at a time:    ${((total / sendMs) * 1000).toFixed(0)} jobs/s (${total} jobs)`);

let done = 0;
let finished!: () => void;
const allDone = new Promise<void>((r) => (finished = r));
t = performance.now();
await jobs.work(
  queue,
  async () => {
    done += 1;
    if (done === total) finished();
  },
  { batchSize },
);
await allDone;
const workMs = performance.now() - t;
console.log(`${database.kind}: worked, batch size ${batchSize}: ${((total / workMs) * 1000).toFixed(0)} jobs/s`);

// An app query while the worker polls an empty queue: pg-boss must not hold the one PGlite session.
t = performance.now();
for (let i = 0; i < 200; i += 1) await database.db.execute('select 1');
console.log(`${database.kind}: 200 trivial app queries with an idle worker polling: ${ms(t)}`);

await jobs.stop();
await database.close();
