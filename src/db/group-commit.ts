// Group commit for a hot write path (issue 18): the items that arrive within one turn of the event
// loop (or until `maxBatch` are pending) are written by ONE statement, and each caller's promise
// settles only when that statement has returned — committed, since it runs outside any transaction —
// with the caller's own outcome. Many requests then share one round trip and one WAL flush, which is
// how an HTTP path can approach the database's own single-row insert rate.
//
// While `maxInFlight` statements are running, new items wait and go with the next statement (the
// batch grows with the load instead of the number of statements). If a statement fails, each of its
// items is retried alone, so one bad item never fails the requests it happened to share a turn with.

export interface GroupCommitOptions<I, O> {
  /** Writes the items in one statement; returns one outcome per item, in the same order. */
  run(items: I[]): Promise<O[]>;
  /** Items per statement at most. */
  maxBatch: number;
  /** Statements running at once at most (the pool's connections; 1 for the embedded database). */
  maxInFlight: number;
}

export interface GroupCommitter<I, O> {
  submit(item: I): Promise<O>;
  /** Statements run and items written so far (their ratio is the mean group size). */
  readonly stats: { statements: number; items: number };
}

interface Pending<I, O> {
  item: I;
  resolve(o: O): void;
  reject(e: unknown): void;
}

export function groupCommitter<I, O>(options: GroupCommitOptions<I, O>): GroupCommitter<I, O> {
  let queue: Array<Pending<I, O>> = [];
  let scheduled = false;
  let inFlight = 0;
  const stats = { statements: 0, items: 0 };

  const flush = () => {
    scheduled = false;
    while (queue.length > 0 && inFlight < options.maxInFlight) {
      const batch = queue.length <= options.maxBatch ? queue : queue.slice(0, options.maxBatch);
      queue = batch === queue ? [] : queue.slice(options.maxBatch);
      inFlight += 1;
      void write(batch).finally(() => {
        inFlight -= 1;
        // What queued meanwhile goes now, as one statement.
        if (queue.length > 0) schedule();
      });
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // After the I/O callbacks of this turn: every request parsed in it is in the batch.
    setImmediate(flush);
  };

  async function write(batch: Array<Pending<I, O>>) {
    let outcomes: O[];
    stats.statements += 1;
    stats.items += batch.length;
    try {
      outcomes = await options.run(batch.map((p) => p.item));
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(err);
        return;
      }
      // One item's value (or a conflict between items) failed the statement: each alone.
      await Promise.all(
        batch.map(async (p) => {
          try {
            p.resolve((await options.run([p.item]))[0]);
          } catch (e) {
            p.reject(e);
          }
        }),
      );
      return;
    }
    batch.forEach((p, k) => p.resolve(outcomes[k]));
  }

  return {
    stats,
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (queue.length >= options.maxBatch) flush();
        else schedule();
      });
    },
  };
}
