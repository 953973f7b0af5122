import { OPEN_INCIDENT_STATUSES } from '@zhili/contracts';
import { and, asc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/pool.ts';
import { incidentCategories, incidents, organizations, regions } from '../../platform/db/schema.ts';

/**
 * Set-based statistics over `incidents`. Every query is bounded by `received_at` in the period
 * (incidents_received_idx, or incidents_category_idx with a category), narrowed by the caller's
 * scope (visibleIncidentFilter) and aggregated in PostgreSQL; only group rows come back.
 */

export interface StatsFilter {
  from: Date;
  to: Date;
  /** Incidents located in this subtree. */
  regionPath?: string;
  categoryCode?: string;
  visible: SQL;
}

export type Interval = 'day' | 'week' | 'month';

/** Enough memory for the grouping sets to hash rather than sort on disk (per statement, local). */
export async function useStatsMemory(tx: Tx): Promise<void> {
  await tx.execute(sql`set local work_mem = '64MB'`);
}

/** Bucket labels in China Standard Time: 2026-03-01 (day, and the Monday of a week) or 2026-03. */
function bucketOf(column: SQL, interval: Interval): SQL {
  const format = interval === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD';
  return sql`to_char(date_trunc(${interval}, ${column} at time zone 'Asia/Shanghai'), ${format})`;
}

function inSubtree(path: string): SQL {
  const escaped = path.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`(${incidents.regionPath} = ${path} or ${incidents.regionPath} like ${`${escaped}/%`})`;
}

function where(
  f: StatsFilter,
  column: typeof incidents.receivedAt | typeof incidents.resolvedAt = incidents.receivedAt,
): SQL {
  const conds: SQL[] = [f.visible, gte(column, f.from), lt(column, f.to)];
  if (f.regionPath !== undefined) conds.push(inSubtree(f.regionPath));
  if (f.categoryCode !== undefined) conds.push(eq(incidents.categoryCode, f.categoryCode));
  return and(...conds) ?? sql`true`;
}

export interface GroupRow {
  /** `bucket`: received in the bucket; `resolved`: of the period's incidents, resolved in the bucket. */
  dim: 'status' | 'category' | 'region' | 'bucket' | 'resolved';
  key: string | null;
  n: number;
}

export interface TotalsRow {
  total: number;
  open: number;
  overdue: number;
  resolvedLocal: number;
  resolvedWithLevel: number;
  avgRespond: number | null;
  avgDispatch: number | null;
  avgOnSite: number | null;
  avgResolve: number | null;
  satisfactionAvg: number | null;
  satisfactionCount: number;
}

type RawGroup = {
  g_status: number;
  g_category: number;
  g_region: number;
  g_bucket: number;
  g_resolved: number;
  status: string | null;
  category_code: string | null;
  region_path: string | null;
  bucket: string | null;
  resolved_bucket: string | null;
  n: number;
  open: number;
  overdue: number;
  resolved_local: number;
  resolved_with_level: number;
  avg_respond: number | null;
  avg_dispatch: number | null;
  avg_on_site: number | null;
  avg_resolve: number | null;
  satisfaction_avg: number | null;
  satisfaction_count: number;
};

const epoch = (a: SQL, b: SQL) => sql`avg(extract(epoch from (${b} - ${a})))::float8`;

/**
 * Counts by status, category, region path, received bucket and resolved bucket, plus the totals,
 * in ONE scan of the period's incidents (GROUPING SETS, hashed: run it with a work_mem that holds
 * the groups). Regions come back as full paths; the service rolls them up to the level asked for.
 */
export async function groupedCounts(
  db: Tx,
  f: StatsFilter,
  interval: Interval,
): Promise<{ groups: GroupRow[]; totals: TotalsRow }> {
  const openList = sql.join(
    OPEN_INCIDENT_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  const result = await db.execute<RawGroup>(sql`
    select grouping(status)::int as g_status, grouping(category_code)::int as g_category,
           grouping(region_path)::int as g_region, grouping(bucket)::int as g_bucket,
           grouping(resolved_bucket)::int as g_resolved,
           status, category_code, region_path, bucket, resolved_bucket,
           count(*)::int as n,
           count(*) filter (where status in (${openList}))::int as open,
           count(*) filter (where overdue)::int as overdue,
           count(*) filter (where resolved_level in ('grid', 'community'))::int as resolved_local,
           count(*) filter (where resolved_level is not null)::int as resolved_with_level,
           ${epoch(sql`received_at`, sql`responded_at`)} as avg_respond,
           ${epoch(sql`received_at`, sql`dispatched_at`)} as avg_dispatch,
           ${epoch(sql`dispatched_at`, sql`on_site_at`)} as avg_on_site,
           ${epoch(sql`received_at`, sql`resolved_at`)} as avg_resolve,
           avg(satisfaction)::float8 as satisfaction_avg,
           count(satisfaction)::int as satisfaction_count
    from (
      select ${incidents.status} as status, ${incidents.categoryCode} as category_code,
             ${incidents.regionPath} as region_path, ${bucketOf(sql`${incidents.receivedAt}`, interval)} as bucket,
             case when ${incidents.resolvedAt} < ${f.to} then ${bucketOf(sql`${incidents.resolvedAt}`, interval)} end
               as resolved_bucket,
             ${incidents.overdue} as overdue, ${incidents.resolvedLevel} as resolved_level,
             ${incidents.receivedAt} as received_at, ${incidents.respondedAt} as responded_at,
             ${incidents.dispatchedAt} as dispatched_at, ${incidents.onSiteAt} as on_site_at,
             ${incidents.resolvedAt} as resolved_at, ${incidents.satisfaction} as satisfaction
      from ${incidents}
      where ${where(f)}
    ) t
    group by grouping sets ((status), (category_code), (region_path), (bucket), (resolved_bucket), ())`);
  const groups: GroupRow[] = [];
  let totals: TotalsRow = {
    total: 0,
    open: 0,
    overdue: 0,
    resolvedLocal: 0,
    resolvedWithLevel: 0,
    avgRespond: null,
    avgDispatch: null,
    avgOnSite: null,
    avgResolve: null,
    satisfactionAvg: null,
    satisfactionCount: 0,
  };
  for (const r of result.rows) {
    if (r.g_status === 0) groups.push({ dim: 'status', key: r.status, n: r.n });
    else if (r.g_category === 0) groups.push({ dim: 'category', key: r.category_code, n: r.n });
    else if (r.g_region === 0) groups.push({ dim: 'region', key: r.region_path, n: r.n });
    else if (r.g_bucket === 0) groups.push({ dim: 'bucket', key: r.bucket, n: r.n });
    else if (r.g_resolved === 0) {
      if (r.resolved_bucket !== null) groups.push({ dim: 'resolved', key: r.resolved_bucket, n: r.n });
    } else {
      totals = {
        total: r.n,
        open: r.open,
        overdue: r.overdue,
        resolvedLocal: r.resolved_local,
        resolvedWithLevel: r.resolved_with_level,
        avgRespond: r.avg_respond,
        avgDispatch: r.avg_dispatch,
        avgOnSite: r.avg_on_site,
        avgResolve: r.avg_resolve,
        satisfactionAvg: r.satisfaction_avg,
        satisfactionCount: r.satisfaction_count,
      };
    }
  }
  return { groups, totals };
}

/**
 * Clocks of the period's incidents that have ended, per kind: met on time (stopped before any
 * breach) and breached (the deadline passed, whether or not it was met later). The planner picks
 * index probes (incident_clocks_incident_idx) for short periods and a hash join for long ones.
 */
export async function clockCompliance(
  db: Tx,
  f: StatsFilter,
): Promise<{ kind: string; met: number; breached: number }[]> {
  const result = await db.execute<{ kind: string; met: number; breached: number }>(sql`
    select c.kind,
           count(*) filter (where c.state = 'met' and c.breached_at is null)::int as met,
           count(*) filter (where c.breached_at is not null)::int as breached
    from ${incidents} join incident_clocks c on c.incident_id = ${incidents.id}
    where ${where(f)}
    group by c.kind`);
  return result.rows;
}

/** The categories' Chinese and English names by code. */
export async function categoryNames(db: Tx, codes: string[]): Promise<Map<string, { zh: string; en: string }>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: incidentCategories.code, zh: incidentCategories.nameZh, en: incidentCategories.nameEn })
    .from(incidentCategories)
    .where(sql`${incidentCategories.code} = any(${sql.param(codes)}::text[])`);
  return new Map(rows.map((r) => [r.code, { zh: r.zh, en: r.en }]));
}

export async function regionNames(db: Tx, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(sql`${regions.code} = any(${sql.param(codes)}::text[])`);
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function regionPathOf(db: Tx, code: string): Promise<string | undefined> {
  const [row] = await db.select({ path: regions.path }).from(regions).where(eq(regions.code, code));
  return row?.path;
}

export interface ListRow {
  number: string;
  categoryName: string | null;
  status: string;
  priority: string;
  channel: string;
  address: string | null;
  regionName: string | null;
  handlingLevel: string;
  organizationName: string | null;
  overdue: boolean;
  receivedAt: Date;
  dispatchedAt: Date | null;
  onSiteAt: Date | null;
  resolvedAt: Date | null;
  resolvedLevel: string | null;
  satisfaction: number | null;
}

/** The period's incidents for the export (no reporter data), oldest first, at most `limit`. */
export async function incidentList(db: Tx, f: StatsFilter, limit: number): Promise<ListRow[]> {
  return db
    .select({
      number: incidents.number,
      categoryName: incidentCategories.nameZh,
      status: incidents.status,
      priority: incidents.priority,
      channel: incidents.channel,
      address: incidents.address,
      regionName: regions.name,
      handlingLevel: incidents.handlingLevel,
      organizationName: organizations.name,
      overdue: incidents.overdue,
      receivedAt: incidents.receivedAt,
      dispatchedAt: incidents.dispatchedAt,
      onSiteAt: incidents.onSiteAt,
      resolvedAt: incidents.resolvedAt,
      resolvedLevel: incidents.resolvedLevel,
      satisfaction: incidents.satisfaction,
    })
    .from(incidents)
    .leftJoin(incidentCategories, eq(incidentCategories.code, incidents.categoryCode))
    .leftJoin(regions, eq(regions.code, incidents.regionCode))
    .leftJoin(organizations, eq(organizations.id, incidents.assigneeOrganizationId))
    .where(where(f))
    .orderBy(asc(incidents.receivedAt))
    .limit(limit);
}
