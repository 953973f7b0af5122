/**
 * Group commit for the intake. Requests queue here; one flush at a time hands everything queued
 * (up to `maxBatch`) to `write`, which commits it in ONE transaction; each waiting request is
 * settled only after that commit. While a flush runs the next batch gathers, so the batch size
 * grows with the load and the number of commits per second stays small.
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
  private flushing = false;
  private scheduled = false;
  private idle: (() => void)[] = [];
  private readonly maxBatch: number;
  private readonly maxQueue: number;

  constructor(private readonly opts: IntakeBatcherOptions<T, R>) {
    this.maxBatch = opts.maxBatch ?? 400;
    this.maxQueue = opts.maxQueue ?? 20_000;
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
    if (!this.flushing && !this.scheduled && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.flushing || this.scheduled) return;
    this.scheduled = true;
    // One macrotask of grace gathers the requests that arrived in the same turn of the loop.
    setImmediate(() => {
      this.scheduled = false;
      void this.flushAll();
    });
  }

  private async flushAll(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.flushBatch(batch);
      }
    } finally {
      this.flushing = false;
      if (this.queue.length > 0) this.schedule();
      else for (const done of this.idle.splice(0)) done();
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
