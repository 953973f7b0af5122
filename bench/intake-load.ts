/**
 * The HTTP load generator of bench/intake.bench.ts: node:http with a keep-alive agent (no
 * extra dependency), an open-loop fixed rate (latency counted from the moment each request was
 * due, so a stalled server cannot hide its queue) and a closed loop for saturation.
 */
import http from 'node:http';

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadResult {
  label: string;
  seconds: number;
  sent: number;
  ok: number;
  /** Requests not sent because too many were already waiting (the server fell behind). */
  shed: number;
  errors: Map<string, number>;
  latencies: Float64Array;
}

/** Completed 2xx per second. */
export const throughput = (r: LoadResult) => r.ok / r.seconds;

export function quantile(r: LoadResult, q: number): number {
  if (r.latencies.length === 0) return Number.NaN;
  const sorted = Float64Array.from(r.latencies).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

export function describe(r: LoadResult): string {
  const errs = [...r.errors].map(([k, n]) => `${k}×${n}`).join(', ') || 'none';
  return (
    `${r.label.padEnd(34)} ${throughput(r).toFixed(0).padStart(6)}/s  p50 ${quantile(r, 0.5).toFixed(1).padStart(6)} ms  ` +
    `p99 ${quantile(r, 0.99).toFixed(1).padStart(6)} ms  (${r.ok}/${r.sent} ok${r.shed ? `, ${r.shed} shed` : ''}; errors: ${errs})`
  );
}

export class LoadTarget {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(baseUrl: string, maxSockets = 256) {
    this.url = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /** Sends one request; resolves with the status (0 on a network error) once the body is read. */
  send(req: LoadRequest): Promise<number> {
    return new Promise((resolve) => {
      const r = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method: 'POST',
          path: req.path,
          agent: this.agent,
          headers: {
            ...req.headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(req.body),
          },
        },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve(0));
        },
      );
      r.on('error', () => resolve(0));
      r.end(req.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function newResult(label: string): Omit<LoadResult, 'latencies' | 'seconds'> & { lat: number[] } {
  return { label, sent: 0, ok: 0, shed: 0, errors: new Map(), lat: [] };
}

function count(res: ReturnType<typeof newResult>, status: number, ms: number): void {
  res.lat.push(ms);
  if (status >= 200 && status < 300) res.ok++;
  else {
    const k = status === 0 ? 'NETWORK' : `HTTP_${status}`;
    res.errors.set(k, (res.errors.get(k) ?? 0) + 1);
  }
}

const finish = (r: ReturnType<typeof newResult>, seconds: number): LoadResult => ({
  label: r.label,
  sent: r.sent,
  ok: r.ok,
  shed: r.shed,
  errors: r.errors,
  seconds,
  latencies: Float64Array.from(r.lat),
});

/** Open loop: `rate` requests per second for `seconds`, at most `maxInFlight` outstanding. */
export async function fixedRate(
  target: LoadTarget,
  label: string,
  rate: number,
  seconds: number,
  make: (i: number) => LoadRequest,
  maxInFlight = 2000,
): Promise<LoadResult> {
  const res = newResult(label);
  const pending = new Set<Promise<void>>();
  const t0 = performance.now();
  const total = Math.round(rate * seconds);
  let i = 0;
  while (i < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - t0) / 1000) * rate) + 1);
    for (; i < due; i++) {
      const dueAt = t0 + (i / rate) * 1000;
      if (pending.size >= maxInFlight) {
        res.shed++;
        continue;
      }
      res.sent++;
      const p = target.send(make(i)).then((status) => count(res, status, performance.now() - dueAt));
      pending.add(p);
      void p.then(() => pending.delete(p));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  // The rate is what was offered; throughput is what completed in the offered window.
  return finish(res, Math.max(seconds, (performance.now() - t0) / 1000));
}

/** Closed loop: `concurrency` clients each sending the next request as soon as one is answered. */
export async function saturate(
  target: LoadTarget,
  label: string,
  concurrency: number,
  seconds: number,
  make: (i: number) => LoadRequest,
): Promise<LoadResult> {
  const res = newResult(label);
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const started = performance.now();
        res.sent++;
        const status = await target.send(make(i++));
        count(res, status, performance.now() - started);
      }
    }),
  );
  return finish(res, (performance.now() - t0) / 1000);
}
