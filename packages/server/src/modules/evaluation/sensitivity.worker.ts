/**
 * Worker threads for long sensitivity runs. The parent prepares the plan (plain data: typed
 * arrays and the award rules), each worker runs a slice of whole Saltelli blocks with
 * `runReplications` — compute only, no I/O — and posts progress and its slice back; the parent
 * merges. Results equal the single-thread `runSensitivity` for the same seed: the design, the
 * arithmetic and the merge are the same, only who computes which rows differs.
 *
 * Entry point: a worker loads a module that includes this file, whose top level starts serving
 * when the thread was started by `runSensitivityInWorkers`. Bundled (the CLI and server bundle,
 * the benchmarks) that module is the bundle itself, so the default entry is `import.meta.url`;
 * the CLI bundle also parses `workerArgv` (`eval sensitivity --worker`), which returns at once.
 */
import os from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { SensitivityResult } from '@zhili/contracts';
import {
  runReplications,
  sliceReplications,
  summariseSensitivity,
  type ReplicationSlice,
  type SensitivityPlan,
} from './sensitivity.engine.ts';
import { designReplications } from './sobol.engine.ts';

const FLAG = 'zhiliSensitivityWorker';

interface Job {
  plan: SensitivityPlan;
  from: number;
  to: number;
}

type FromWorker =
  { type: 'progress'; done: number } | { type: 'done'; slice: ReplicationSlice } | { type: 'error'; message: string };

/** True inside a thread started by `runSensitivityInWorkers`. */
export function isSensitivityWorker(): boolean {
  return !isMainThread && typeof workerData === 'object' && workerData !== null && FLAG in workerData;
}

let serving = false;

/** Serves slice jobs on the parent port (idempotent). */
export function serveSensitivityWorker(): void {
  const port = parentPort;
  if (serving || !port) return;
  serving = true;
  port.on('message', (job: Job) => {
    try {
      const slice = runReplications(job.plan, job.from, job.to, {
        onProgress: (done) => port.postMessage({ type: 'progress', done } satisfies FromWorker),
      });
      const { ranks, awardCounts, sums } = slice;
      // Typed arrays made here own plain ArrayBuffers: hand them over instead of copying.
      const buffers = [ranks, awardCounts, sums.a, sums.b, sums.c].map((a) => a.buffer as ArrayBuffer);
      port.postMessage({ type: 'done', slice } satisfies FromWorker, buffers);
    } catch (err) {
      port.postMessage({
        type: 'error',
        message: err instanceof Error ? err.message : String(err),
      } satisfies FromWorker);
    }
  });
}

if (isSensitivityWorker()) serveSensitivityWorker();

/** How many threads to use by default: every core. */
export const defaultWorkerCount = (): number => Math.max(1, os.availableParallelism());

export interface WorkerRunOptions {
  /** Threads (default: every core). */
  workers?: number;
  /** Module a worker loads (default: this module's URL, i.e. the bundle when bundled). */
  workerUrl?: URL | string;
  /** Extra argv of each worker (default `eval sensitivity --worker`, for the CLI bundle). */
  workerArgv?: string[];
  onProgress?: (done: number, total: number) => void;
  /**
   * Unit-replications a thread must have to be worth starting (default 2,000,000): a worker
   * loads the bundle and its copy of the plan first, which small analyses do not repay.
   */
  minWorkPerWorker?: number;
}

function runSlice(
  plan: SensitivityPlan,
  from: number,
  to: number,
  opts: WorkerRunOptions,
  progress: (done: number) => void,
) {
  return new Promise<ReplicationSlice>((resolve, reject) => {
    const worker = new Worker(opts.workerUrl ?? new URL(import.meta.url), {
      workerData: { [FLAG]: true },
      argv: opts.workerArgv ?? ['eval', 'sensitivity', '--worker'],
      // The CLI bundle's stdout belongs to the parent's JSON output: workers print nothing.
      stdout: true,
    });
    let settled = false;
    worker.on('message', (msg: FromWorker) => {
      if (msg.type === 'progress') progress(msg.done);
      else {
        settled = true;
        void worker.terminate();
        if (msg.type === 'done') resolve(msg.slice);
        else reject(new Error(msg.message));
      }
    });
    worker.on('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`sensitivity worker exited with code ${code}`));
    });
    worker.postMessage({ plan, from, to } satisfies Job);
  });
}

/**
 * Runs a plan's replications on worker threads (slices of whole blocks, one per thread) and
 * summarises them; an analysis too small to repay a thread runs on the calling one. The award
 * rules are the framework's (functions cannot cross threads).
 */
export async function runSensitivityInWorkers(
  plan: SensitivityPlan,
  opts: WorkerRunOptions = {},
): Promise<SensitivityResult> {
  const total = designReplications(plan.design);
  const work = total * plan.model.units.length;
  const threads = Math.min(
    Math.max(1, opts.workers ?? defaultWorkerCount()),
    Math.max(1, Math.floor(work / Math.max(1, opts.minWorkPerWorker ?? 2_000_000))),
  );
  if (threads === 1) {
    const onProgress = opts.onProgress;
    const slice = runReplications(plan, 0, total, onProgress ? { onProgress: (d) => onProgress(d, total) } : {});
    return summariseSensitivity(plan, [slice]);
  }
  const slices = sliceReplications(plan.design, threads);
  const done = new Array<number>(slices.length).fill(0);
  const report = (i: number) => (d: number) => {
    done[i] = d;
    opts.onProgress?.(
      done.reduce((a, b) => a + b, 0),
      total,
    );
  };
  const results = await Promise.all(slices.map(([from, to], i) => runSlice(plan, from, to, opts, report(i))));
  return summariseSensitivity(plan, results);
}
