import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IntakeBatcher, type BatchOutcome } from './intake.batcher.ts';

/** A writer that records its batches and how many ran at once; `bad` items sink their transaction. */
function recordingWriter(bad: (n: number) => boolean = () => false) {
  const batches: number[][] = [];
  let running = 0;
  let maxRunning = 0;
  const write = async (items: number[]): Promise<BatchOutcome<number>[]> => {
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    await new Promise((r) => setTimeout(r, 2));
    running -= 1;
    if (items.some(bad)) throw new Error(`batch with a bad item: ${items.join(',')}`);
    batches.push(items);
    return items.map((n) => (n < 0 ? { ok: false, error: new Error(`refused ${n}`) } : { ok: true, value: n * 10 }));
  };
  return { write, batches, maxRunning: () => maxRunning };
}

describe('IntakeBatcher', () => {
  it('groups concurrent submissions into few batches, one flush at a time', async () => {
    const w = recordingWriter();
    const sut = new IntakeBatcher({ write: w.write, maxBatch: 50 });
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => sut.submit(i)));
    expect(results).toEqual(Array.from({ length: 200 }, (_, i) => i * 10));
    expect(w.batches.length).toBeLessThanOrEqual(5);
    expect(Math.max(...w.batches.map((b) => b.length))).toBeLessThanOrEqual(50);
    expect(w.maxRunning()).toBe(1);
  });

  it('runs up to `concurrency` flushes at once and still settles every item once', async () => {
    const w = recordingWriter();
    const sut = new IntakeBatcher({ write: w.write, maxBatch: 10, concurrency: 3 });
    const first = Array.from({ length: 100 }, (_, i) => sut.submit(i));
    const results = await Promise.all(first);
    expect(results).toEqual(Array.from({ length: 100 }, (_, i) => i * 10));
    expect(w.maxRunning()).toBe(3);
    expect(w.batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    await sut.drain();
    expect(sut.pending).toBe(0);
  });

  it('settles each item by its own outcome', async () => {
    const sut = new IntakeBatcher({ write: recordingWriter().write });
    const settled = await Promise.allSettled([sut.submit(1), sut.submit(-1), sut.submit(2)]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('a bad row fails alone: the batch is retried row by row', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 500 }),
        async (items, badOne) => {
          const w = recordingWriter((n) => n === badOne);
          const sut = new IntakeBatcher({ write: w.write });
          const settled = await Promise.allSettled(items.map((n) => sut.submit(n)));
          settled.forEach((s, i) => {
            expect(s.status).toBe(items[i] === badOne ? 'rejected' : 'fulfilled');
          });
          // Every good item was committed exactly once.
          expect(w.batches.flat().sort((a, b) => a - b)).toEqual(
            items.filter((n) => n !== badOne).sort((a, b) => a - b),
          );
        },
      ),
      { numRuns: 30 },
    );
  });

  it('refuses beyond maxQueue and drains', async () => {
    const sut = new IntakeBatcher({ write: recordingWriter().write, maxQueue: 3, overloaded: () => new Error('busy') });
    const accepted = [sut.submit(1), sut.submit(2), sut.submit(3)];
    await expect(sut.submit(4)).rejects.toThrow('busy');
    await sut.drain();
    expect(await Promise.all(accepted)).toEqual([10, 20, 30]);
    expect(sut.pending).toBe(0);
  });
});
