/**
 * Group commit for the intake. Requests queue here; a flush hands everything queued (up to
 * `maxBatch`) to `write`, which commits it in ONE transaction; each waiting request is settled
 * only after that commit. Up to `concurrency` flushes run at once (their transactions share no
 * row lock, so PostgreSQL works on them in parallel); while they run the next batch gathers, so
 * the batch size grows with the load and the number of commits per second stays small.
 *
 * A batch whose transaction fails is retried row by row, so one bad row fails alone.
 */

/** What `write` says about each item of a batch, in order. */
export type BatchOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface IntakeBatcherOptions<T, R> {
  /** Commits the items in one transaction; throws when the transaction failed as a whole. */
  write: (items: T[]) => Promise<BatchOutcome<R>[]>;
  /** Most items per transaction (default 400). */
  maxBatch?: number;
  /** Flushes in flight at once (default 1). */
  concurrency?: number;
  /** Refuse new items beyond this many waiting (default 20,000): the caller sees `overloaded()`. */
  maxQueue?: number;
  overloaded?: () => Error;
  /** Observes each committed batch (size, milliseconds), for metrics and tests. */
  onBatch?: (size: number, ms: number) => void;
}

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export class IntakeBatcher<T, R> {
  private queue: Waiting<T, R>[] = [];
  private flushing = 0;
  private scheduled = false;
  private idle: (() => void)[] = [];
  private readonly maxBatch: number;
  private readonly maxQueue: number;
  private readonly concurrency: number;

  constructor(private readonly opts: IntakeBatcherOptions<T, R>) {
    this.maxBatch = opts.maxBatch ?? 400;
    this.maxQueue = opts.maxQueue ?? 20_000;
    this.concurrency = Math.max(1, opts.concurrency ?? 1);
  }

  /** Items waiting for a flush (not counting the one being written). */
  get pending(): number {
    return this.queue.length;
  }

  /** Queues one item; resolves after the transaction holding it committed. */
  submit(item: T): Promise<R> {
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(this.opts.overloaded ? this.opts.overloaded() : new Error('intake queue is full'));
    }
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once nothing is queued or being written. */
  drain(): Promise<void> {
    if (this.flushing === 0 && !this.scheduled && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.flushing >= this.concurrency || this.scheduled) return;
    this.scheduled = true;
    // One macrotask of grace gathers the requests that arrived in the same turn of the loop.
    setImmediate(() => {
      this.scheduled = false;
      this.startFlushes();
    });
  }

  /** Starts flushes while there is work and a free slot; each takes what is queued when it starts. */
  private startFlushes(): void {
    while (this.queue.length > 0 && this.flushing < this.concurrency) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.flushing += 1;
      void this.flushBatch(batch)
        .catch((err: unknown) => batch.forEach((w) => w.reject(err)))
        .finally(() => {
          this.flushing -= 1;
          if (this.queue.length > 0) this.schedule();
          else if (this.flushing === 0 && !this.scheduled) for (const done of this.idle.splice(0)) done();
        });
    }
  }

  private async flushBatch(batch: Waiting<T, R>[]): Promise<void> {
    const started = performance.now();
    let outcomes: BatchOutcome<R>[];
    try {
      outcomes = await this.opts.write(batch.map((w) => w.item));
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      // Somebody's row sank the transaction: write each alone so only that one fails.
      for (const w of batch) await this.flushBatch([w]);
      return;
    }
    this.opts.onBatch?.(batch.length, performance.now() - started);
    batch.forEach((w, i) => {
      const o = outcomes[i];
      if (!o) w.reject(new Error('intake batch returned no outcome for an item'));
      else if (o.ok) w.resolve(o.value);
      else w.reject(o.error);
    });
  }
}
