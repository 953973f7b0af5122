import {
  CLOCK_KINDS,
  INCIDENT_STATUSES,
  INCIDENT_STATUS_NAMES_ZH,
  type IncidentStats,
  type IncidentStatsQuery,
  type IncidentStatus,
} from '@zhili/contracts';
import { requireAccess } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { buildStatsWorkbook } from './stats.export.ts';
import * as repo from './stats.repo.ts';
import { visibleIncidentFilter } from './visibility.ts';

const DAY_MS = 86_400_000;
/** Shanghai has had no DST since 1991: local time is UTC+8 all year. */
const CST_MS = 8 * 3_600_000;
export const DEFAULT_PERIOD_DAYS = 30;
/** A trend longer than this is unreadable; the caller should pick a coarser interval. */
export const MAX_BUCKETS = 800;
/** Rows of the export's incident list (Excel copes with more, officials do not). */
export const EXPORT_LIST_LIMIT = 50_000;

/** The period asked for: [from, to), by default the last 30 days. */
export function periodOf(q: IncidentStatsQuery, now: Date): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) throw invalid('query.from', 'from must be before to', 'invalid_range');
  return { from, to };
}

/** The labels of every bucket touching [from, to), in China Standard Time, oldest first. */
export function bucketLabels(from: Date, to: Date, interval: repo.Interval): string[] {
  const labels: string[] = [];
  const local = new Date(from.getTime() + CST_MS);
  let cursor = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  if (interval === 'week') cursor -= ((new Date(cursor).getUTCDay() + 6) % 7) * DAY_MS;
  if (interval === 'month') cursor = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1);
  const end = to.getTime() + CST_MS;
  while (cursor < end) {
    const d = new Date(cursor);
    labels.push(interval === 'month' ? d.toISOString().slice(0, 7) : d.toISOString().slice(0, 10));
    if (labels.length > MAX_BUCKETS) {
      throw invalid('query.interval', `more than ${MAX_BUCKETS} buckets: use a coarser interval`, 'too_many_buckets');
    }
    cursor =
      interval === 'day'
        ? cursor + DAY_MS
        : interval === 'week'
          ? cursor + 7 * DAY_MS
          : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return labels;
}

/** The longest common ancestor path of `paths` ('' when they share nothing). */
export function commonPath(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  let common = (paths[0] ?? '').split('/');
  for (const p of paths.slice(1)) {
    const parts = p.split('/');
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join('/');
}

/**
 * Rolls counts by full region path up to the children of `base` (the region asked for, else the
 * incidents' common ancestor), so a county sees its townships and a township its communities.
 * Incidents located at `base` itself count under it; those without a region under ''.
 */
export function rollUpRegions(
  counts: readonly { path: string | null; n: number }[],
  base: string | null,
): Map<string, number> {
  const located = counts.flatMap((c) => (c.path === null ? [] : [c.path]));
  let root = base ?? commonPath(located);
  // All in one place: show that place rather than an empty level below it.
  if (base === null && located.length > 0 && located.every((p) => p === root))
    root = root.split('/').slice(0, -1).join('/');
  const out = new Map<string, number>();
  for (const c of counts) {
    let key = '';
    if (c.path !== null) {
      const rest = root === '' ? c.path : c.path.startsWith(`${root}/`) ? c.path.slice(root.length + 1) : '';
      key = rest === '' ? (c.path.split('/').at(-1) ?? '') : (rest.split('/')[0] ?? '');
    }
    out.set(key, (out.get(key) ?? 0) + c.n);
  }
  return out;
}

const byCountDesc = (a: { count: number; key: string }, b: { count: number; key: string }) =>
  b.count - a.count || a.key.localeCompare(b.key);

async function filterOf(ctx: Ctx, q: IncidentStatsQuery, now: Date): Promise<repo.StatsFilter> {
  const { from, to } = periodOf(q, now);
  let regionPath: string | undefined;
  if (q.regionCode !== undefined) {
    regionPath = await repo.regionPathOf(ctx.db, q.regionCode);
    if (regionPath === undefined) throw invalid('query.regionCode', `unknown region ${q.regionCode}`, 'unknown_region');
  }
  return { from, to, regionPath, categoryCode: q.categoryCode, visible: visibleIncidentFilter(ctx.actor) };
}

async function computeStats(ctx: Ctx, q: IncidentStatsQuery, f: repo.StatsFilter): Promise<IncidentStats> {
  const labels = bucketLabels(f.from, f.to, q.interval);
  // One read-only transaction: its local work_mem lets the grouping sets hash in memory.
  const { groups, totals, clocks } = await ctx.db.transaction(
    async (tx) => {
      await repo.useStatsMemory(tx);
      const counts = await repo.groupedCounts(tx, f, q.interval);
      return { ...counts, clocks: await repo.clockCompliance(tx, f) };
    },
    { accessMode: 'read only' },
  );
  const of = (dim: repo.GroupRow['dim']) => groups.filter((g) => g.dim === dim);
  const categories = of('category');
  const regionCounts = rollUpRegions(
    of('region').map((g) => ({ path: g.key, n: g.n })),
    f.regionPath ?? null,
  );
  const [categoryNames, regionNames] = await Promise.all([
    repo.categoryNames(
      ctx.db,
      categories.flatMap((c) => (c.key ? [c.key] : [])),
    ),
    repo.regionNames(ctx.db, [...regionCounts.keys()].filter(Boolean)),
  ]);
  const received = new Map(of('bucket').map((g) => [g.key ?? '', g.n]));
  const resolved = new Map(of('resolved').map((g) => [g.key ?? '', g.n]));
  const statusOrder = (s: string) => INCIDENT_STATUSES.indexOf(s as IncidentStatus);
  const compliance = CLOCK_KINDS.map((kind) => {
    const row = clocks.find((c) => c.kind === kind);
    const met = row?.met ?? 0;
    const breached = row?.breached ?? 0;
    return { kind, met, breached, rate: met + breached === 0 ? null : met / (met + breached) };
  });
  return {
    total: totals.total,
    open: totals.open,
    overdue: totals.overdue,
    byStatus: of('status')
      .map((g) => ({
        key: g.key ?? '',
        name: INCIDENT_STATUS_NAMES_ZH[g.key as IncidentStatus] ?? g.key ?? '',
        count: g.n,
      }))
      .sort((a, b) => statusOrder(a.key) - statusOrder(b.key)),
    byCategory: categories
      .map((g) => {
        const key = g.key ?? '';
        const names = categoryNames.get(key);
        return { key, name: names?.zh ?? key, nameEn: names?.en ?? key, count: g.n };
      })
      .sort(byCountDesc),
    byRegion: [...regionCounts]
      .map(([key, count]) => ({ key, name: key === '' ? '未定位' : (regionNames.get(key) ?? key), count }))
      .sort(byCountDesc),
    trend: labels.map((bucket) => ({
      bucket,
      received: received.get(bucket) ?? 0,
      resolved: resolved.get(bucket) ?? 0,
    })),
    compliance,
    localShare: totals.resolvedWithLevel === 0 ? null : totals.resolvedLocal / totals.resolvedWithLevel,
    averageSeconds: {
      respond: totals.avgRespond,
      dispatch: totals.avgDispatch,
      onSite: totals.avgOnSite,
      resolve: totals.avgResolve,
    },
    satisfaction: { average: totals.satisfactionAvg, count: totals.satisfactionCount },
  };
}

/**
 * Statistics of the incidents received in the period (default: the last 30 days) within the
 * caller's scope, optionally one region's subtree or one category: counts by status, category and
 * region (rolled up to the children of the region looked at), the trend (China Standard Time
 * buckets: how many were received, and how many of the period's incidents were resolved, in each),
 * clock compliance per kind,
 * the share resolved at grid or community level, average times — respond and dispatch from
 * receipt, on site from dispatch (the 20-minute leg), resolve from receipt (the resident's wait)
 * — and satisfaction.
 */
export async function incidentStats(ctx: Ctx, q: IncidentStatsQuery, now = new Date()): Promise<IncidentStats> {
  await requireAccess(ctx, 'incident.read');
  return computeStats(ctx, q, await filterOf(ctx, q, now));
}

/** The statistics as XLSX: a sheet per breakdown and the period's incident list (Chinese headers). */
export async function exportIncidentStats(
  ctx: Ctx,
  q: IncidentStatsQuery,
  now = new Date(),
): Promise<{ fileName: string; body: Buffer }> {
  await requireAccess(ctx, 'incident.read');
  const f = await filterOf(ctx, q, now);
  const [stats, list] = await Promise.all([
    computeStats(ctx, q, f),
    repo.incidentList(ctx.db, f, EXPORT_LIST_LIMIT + 1),
  ]);
  const truncated = list.length > EXPORT_LIST_LIMIT;
  const body = await buildStatsWorkbook({
    stats,
    list: truncated ? list.slice(0, EXPORT_LIST_LIMIT) : list,
    truncated,
    from: f.from,
    to: f.to,
    regionCode: q.regionCode ?? null,
    categoryCode: q.categoryCode ?? null,
    generatedBy: ctx.actor.name,
  });
  const day = (d: Date) => new Date(d.getTime() + CST_MS).toISOString().slice(0, 10);
  return { fileName: `事件统计_${day(f.from)}_${day(new Date(f.to.getTime() - 1))}.xlsx`, body };
}
