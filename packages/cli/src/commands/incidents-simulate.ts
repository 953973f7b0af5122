import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { Category, IncidentDetail, IncidentStatus, IntakeReceipt, Page, TransitionInput } from '@zhili/contracts';
import { seededRandom, pick, type Rng } from '../../../../demo/incidents-data.ts';
import {
  ESCALATE_REASONS,
  FEEDBACK_NOTES,
  HOLD_REASONS,
  RESOLVE_NOTES,
  RETURN_REASONS,
  generateIntake,
} from '../../../../demo/incidents-templates.ts';
import { fail } from '../context.ts';
import { ApiClient, CallStats, type Credentials } from './incidents-client.ts';

/**
 * `zhili incidents simulate`: feeds realistic Longgang incidents and the handler actions that
 * follow them (respond, dispatch, accept, arrive, resolve, follow-up, with returns, holds and
 * escalations) through the real HTTP API, so the dispatcher board is alive.
 */

export interface SimulateOptions {
  url: string;
  credentials: Credentials;
  /** Accounts that take handler actions (accept, arrive, resolve, return) where their scope covers the incident. */
  handlers?: Credentials[];
  /** Incidents per second (Poisson arrivals); 0.05 = one every 20 s. */
  rate: number;
  /** Seconds of intake; 0 = until `signal` aborts. */
  durationS: number;
  seed?: number;
  /** Handler delays (seconds to tens of minutes, as in a real centre) are divided by this. */
  speedup?: number;
  /** Also advance open incidents already in the system (demo mode). */
  adopt?: boolean;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Progress line interval; 0 = none. */
  progressEveryMs?: number;
}

export interface SimulateSummary {
  elapsedS: number;
  intake: CallStats;
  actions: CallStats;
  reads: CallStats;
  created: number;
  transitions: Record<string, number>;
}

type Action = TransitionInput['action'];

/** Realistic waits (seconds) before the next step from each status: [min, max]. */
const NEXT_STEP_S: Partial<Record<IncidentStatus, [number, number]>> = {
  received: [8, 75],
  responded: [10, 110],
  dispatched: [20, 180],
  accepted: [60, 1300],
  on_site: [180, 1800],
  resolved: [120, 900],
  followed_up: [30, 300],
  on_hold: [60, 600],
};
const DONE: readonly IncidentStatus[] = ['closed', 'merged'];

/** Runs the simulation; resolves with the summary once intake has stopped and in-flight calls ended. */
export async function runSimulation(opts: SimulateOptions): Promise<SimulateSummary> {
  const rng: Rng = seededRandom(opts.seed ?? Date.now() % 2 ** 31);
  const speedup = opts.speedup ?? 1;
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const main = await ApiClient.connect(opts.url, opts.credentials);
  // A handler who cannot sign in (password changed) is left out; the main account acts instead.
  const handlers = (
    await Promise.all(
      (opts.handlers ?? []).map((h) =>
        ApiClient.connect(opts.url, h).catch((err: unknown) => {
          log(`handler left out: ${err instanceof Error ? err.message : String(err)}`);
          return null;
        }),
      ),
    )
  ).filter((h): h is ApiClient => h !== null);
  const summary: SimulateSummary = {
    elapsedS: 0,
    intake: new CallStats(),
    actions: new CallStats(),
    reads: new CallStats(),
    created: 0,
    transitions: {},
  };
  const cats = await main.call<Category[] | Page<Category>>('GET', '/api/incident-categories?pageSize=200');
  const categoryList = Array.isArray(cats.body) ? cats.body : (cats.body?.items ?? []);
  const categories = new Map(categoryList.map((c) => [c.code, c]));

  const t0 = performance.now();
  const endAt = opts.durationS > 0 ? t0 + opts.durationS * 1000 : Number.POSITIVE_INFINITY;
  const stopped = () => opts.signal?.aborted === true || performance.now() >= endAt;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    const settled = p.then(
      () => undefined,
      (err: unknown) => log(`simulate: ${err instanceof Error ? err.message : String(err)}`),
    );
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
  };
  const later = (seconds: number, fn: () => Promise<void>) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped()) track(fn());
    }, seconds * 1000);
    timers.add(timer);
  };
  const between = ([lo, hi]: [number, number]) => (lo + rng() * (hi - lo)) / speedup;

  /** The handler whose grant covers the incident's unit (department, else the longest region code). */
  const handlerFor = (d: IncidentDetail): ApiClient => {
    let best: ApiClient = main;
    let bestLen = -1;
    for (const h of handlers) {
      for (const r of h.me?.roles ?? []) {
        if (d.assigneeOrganizationId && r.organizationId === d.assigneeOrganizationId) return h;
        const unit = d.assigneeRegionCode ?? '';
        if (
          !d.assigneeOrganizationId &&
          !r.organizationId &&
          r.regionCode &&
          unit.startsWith(r.regionCode) &&
          r.regionCode.length > bestLen
        ) {
          best = h;
          bestLen = r.regionCode.length;
        }
      }
    }
    return best;
  };

  const nextStep = (d: IncidentDetail): { action: Action; extra: Partial<TransitionInput>; by: ApiClient } | null => {
    const category = categories.get(d.categoryCode);
    const roll = rng();
    switch (d.status) {
      case 'received':
        if (roll < 0.04) return { action: 'hold', extra: { note: pick(rng, HOLD_REASONS) }, by: main };
        return { action: 'respond', extra: {}, by: main };
      case 'responded': {
        const org = category?.handlingLevel === 'department' ? category.defaultOrganizationId : null;
        return {
          action: 'dispatch',
          extra: org ? { organizationId: org } : { regionCode: d.regionCode ?? '330383' },
          by: main,
        };
      }
      case 'dispatched':
        if (roll < 0.07) return { action: 'return', extra: { note: pick(rng, RETURN_REASONS) }, by: handlerFor(d) };
        if (roll < 0.1) return { action: 'escalate', extra: { note: pick(rng, ESCALATE_REASONS) }, by: main };
        return { action: 'accept', extra: {}, by: handlerFor(d) };
      case 'accepted':
        if (category?.onSiteRequired === false) {
          return { action: 'resolve', extra: { note: pick(rng, RESOLVE_NOTES) }, by: handlerFor(d) };
        }
        return {
          action: 'arrive',
          extra:
            d.lat !== null && d.lng !== null
              ? { lat: d.lat + (rng() - 0.5) / 5000, lng: d.lng + (rng() - 0.5) / 5000 }
              : {},
          by: handlerFor(d),
        };
      case 'on_site':
        return { action: 'resolve', extra: { note: pick(rng, RESOLVE_NOTES) }, by: handlerFor(d) };
      case 'resolved':
        if (roll < 0.05) return { action: 'reopen', extra: { note: '回访时居民反映问题仍未解决。' }, by: main };
        return {
          action: 'follow_up',
          extra: {
            satisfaction: roll < 0.5 ? 5 : roll < 0.8 ? 4 : roll < 0.95 ? 3 : 2,
            note: pick(rng, FEEDBACK_NOTES),
          },
          by: main,
        };
      case 'followed_up':
        return { action: 'close', extra: {}, by: main };
      case 'on_hold':
        return { action: 'resume', extra: { note: '报告人已补充材料，恢复办理。' }, by: main };
      case 'closed':
      case 'merged':
        return null;
    }
  };

  /** Takes one step on an incident and schedules the next. */
  const advance = async (id: string, attempt = 0): Promise<void> => {
    const got = await main.call<IncidentDetail>('GET', `/api/incidents/${id}`);
    summary.reads.add(got);
    const d = got.body;
    if (!d || DONE.includes(d.status)) return;
    const step = nextStep(d);
    if (!step) return;
    const input = { action: step.action, version: d.version, ...step.extra };
    let res = await step.by.call<IncidentDetail>('POST', `/api/incidents/${id}/transitions`, input);
    if ((res.status === 403 || res.status === 404) && step.by !== main) {
      res = await main.call<IncidentDetail>('POST', `/api/incidents/${id}/transitions`, input);
    }
    summary.actions.add(res);
    if (res.body) {
      summary.transitions[step.action] = (summary.transitions[step.action] ?? 0) + 1;
      schedule(res.body.id, res.body.status);
    } else if ((res.code === 'INCIDENT_STALE' || res.status === 0) && attempt < 3) {
      // Someone (the clock sweep's escalation, a dispatcher) moved it first: look again soon.
      later(1 / speedup + rng(), () => advance(id, attempt + 1));
    }
  };
  const schedule = (id: string, status: IncidentStatus) => {
    const wait = NEXT_STEP_S[status];
    if (wait) later(between(wait), () => advance(id));
  };

  const intakeOne = async (i: number) => {
    const hotline = rng() < 0.3;
    const { body } = generateIntake(rng, { sourceRef: hotline ? `sim-${randomUUID()}` : null });
    const res = await main.call<IntakeReceipt>(
      'POST',
      '/api/incidents',
      hotline ? { ...body, channel: 'hotline' } : body,
      {
        'idempotency-key': `sim-${i}-${randomUUID()}`,
      },
    );
    summary.intake.add(res);
    if (res.body) {
      summary.created++;
      schedule(res.body.id, res.body.status);
    }
  };

  if (opts.adopt) {
    const open = await main.call<Page<IncidentDetail>>(
      'GET',
      '/api/incidents?pageSize=200&status=received&status=responded&status=dispatched&status=accepted&status=on_site&status=resolved&status=followed_up&status=on_hold',
    );
    for (const d of open.body?.items ?? []) schedule(d.id, d.status);
  }

  const progress =
    (opts.progressEveryMs ?? 5000) > 0
      ? setInterval(() => log(progressLine(summary, (performance.now() - t0) / 1000)), opts.progressEveryMs ?? 5000)
      : null;
  try {
    // Poisson arrivals at the target rate, paced against the clock so slow answers do not lower it.
    let due = t0;
    for (let i = 0; opts.rate > 0; i++) {
      due += (-Math.log(1 - rng()) / opts.rate) * 1000;
      const wait = due - performance.now();
      if (due >= endAt) {
        if (Number.isFinite(endAt)) await sleepUnless(endAt - performance.now(), opts.signal);
        break;
      }
      if (wait > 0) await sleepUnless(wait, opts.signal);
      if (stopped()) break;
      track(intakeOne(i));
    }
    if (opts.rate <= 0) await sleepUnless(endAt - performance.now(), opts.signal);
  } finally {
    if (progress) clearInterval(progress);
    for (const t of timers) clearTimeout(t);
    timers.clear();
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    for (const t of timers) clearTimeout(t);
  }
  summary.elapsedS = (performance.now() - t0) / 1000;
  return summary;
}

function sleepUnless(ms: number, signal?: AbortSignal): Promise<void> {
  if (!Number.isFinite(ms))
    return new Promise((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, ms));
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

const fmtMs = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} ms`);
const errs = (s: CallStats) =>
  s.errors.size === 0 ? 'none' : [...s.errors].map(([code, n]) => `${code}×${n}`).join(', ');

function progressLine(s: SimulateSummary, elapsed: number): string {
  return `[${elapsed.toFixed(0)}s] intake ${s.intake.ok}/${s.intake.sent} ok · actions ${s.actions.ok}/${s.actions.sent} ok · p99 ${fmtMs(s.intake.quantile(0.99))}`;
}

/** The summary as printed at the end. */
export function formatSummary(s: SimulateSummary): string {
  const all = [s.intake, s.actions, s.reads];
  const sent = all.reduce((n, x) => n + x.sent, 0);
  const ok = all.reduce((n, x) => n + x.ok, 0);
  const rows = [
    `simulated ${s.elapsedS.toFixed(1)} s: ${sent} requests sent, ${ok} ok`,
    `  intake   ${s.intake.ok}/${s.intake.sent} ok (${(s.intake.ok / Math.max(s.elapsedS, 1e-9)).toFixed(2)}/s), p50 ${fmtMs(s.intake.quantile(0.5))}, p99 ${fmtMs(s.intake.quantile(0.99))}, errors: ${errs(s.intake)}`,
    `  actions  ${s.actions.ok}/${s.actions.sent} ok, p50 ${fmtMs(s.actions.quantile(0.5))}, p99 ${fmtMs(s.actions.quantile(0.99))}, errors: ${errs(s.actions)}`,
    `  reads    ${s.reads.ok}/${s.reads.sent} ok, p50 ${fmtMs(s.reads.quantile(0.5))}, p99 ${fmtMs(s.reads.quantile(0.99))}, errors: ${errs(s.reads)}`,
    `  transitions: ${
      Object.entries(s.transitions)
        .map(([a, n]) => `${a} ${n}`)
        .join(', ') || 'none'
    }`,
  ];
  return rows.join('\n');
}

interface SimulateCliOpts {
  url: string;
  apiKey?: string;
  username?: string;
  password?: string;
  handlers?: string;
  rate: string;
  duration: string;
  seed?: string;
  speedup: string;
}

/** `zhili incidents …`: the group command, shared with other incident commands. */
function incidentsCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'incidents') ??
    program.command('incidents').description('事件 / incidents of the social governance centre')
  );
}

export function registerIncidentsSimulate(program: Command): void {
  incidentsCommand(program)
    .command('simulate')
    .description('模拟事件和处置 / feed realistic incidents and handler actions through the API')
    .requiredOption('--url <url>', 'zhili address, e.g. http://127.0.0.1:3000')
    .option('--api-key <key>', 'API key (role dispatcher over 330383 for handler actions)')
    .option('--username <name>', 'account to sign in as (instead of --api-key)')
    .option('--password <password>', 'password of --username and of --handlers')
    .option('--handlers <names>', 'comma-separated accounts (same password) that accept, arrive and resolve')
    .option('--rate <n>', 'incidents per second', '1')
    .option('--duration <s>', 'seconds to run (0 = until Ctrl-C)', '60')
    .option('--seed <n>', 'random seed, to replay the same stream')
    .option('--speedup <x>', 'divide the realistic handler delays by this', '1')
    .action(async (opts: SimulateCliOpts) => {
      const rate = Number(opts.rate);
      const durationS = Number(opts.duration);
      const speedup = Number(opts.speedup);
      if (!(rate >= 0) || !(durationS >= 0) || !(speedup > 0))
        fail('--rate, --duration and --speedup take numbers ≥ 0');
      let credentials: Credentials;
      if (opts.apiKey) credentials = { apiKey: opts.apiKey };
      else if (opts.username && opts.password) credentials = { username: opts.username, password: opts.password };
      else fail('give --api-key, or --username and --password');
      const password = opts.password;
      const handlers =
        opts.handlers && password ? opts.handlers.split(',').map((u) => ({ username: u.trim(), password })) : [];
      const abort = new AbortController();
      process.once('SIGINT', () => abort.abort());
      process.stdout.write(`simulating ${rate}/s for ${durationS || '∞'} s against ${opts.url}\n`);
      const summary = await runSimulation({
        url: opts.url,
        credentials,
        handlers,
        rate,
        durationS,
        speedup,
        signal: abort.signal,
        ...(opts.seed !== undefined ? { seed: Number(opts.seed) } : {}),
      });
      process.stdout.write(`${formatSummary(summary)}\n`);
      if (summary.intake.ok === 0 && summary.intake.sent > 0) process.exitCode = 1;
    });
}
