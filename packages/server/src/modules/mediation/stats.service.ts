import { sql, type SQL } from 'drizzle-orm';
import {
  MEDIATION_TYPE_NAMES_ZH,
  type CaseStatus,
  type MediationStats,
  type MediationStatsQuery,
  type MediationType,
} from '@zhili/contracts';
import { requireAccess, scopeOf } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import * as corpsRepo from './corps.repo.ts';
import { withYearOnYear } from './corps.service.ts';
import { mediationCaseMediators, mediationCases, mediators } from './mediation.table.ts';
import { inSubtrees } from './mediators.repo.ts';
import { provinceName, regionRef } from './present.ts';

/** Case statistics for the charts: by type, success rate, duration, mediator province, trend. */

const rate = (settled: number, ended: number): number | null =>
  ended > 0 ? Math.round((settled / ended) * 10_000) / 10_000 : null;
const round1 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 10);

/** Statistics over the cases registered in [from, to) within the caller's scope (and `regionCode`). */
export async function mediationStats(ctx: Ctx, q: MediationStatsQuery): Promise<MediationStats> {
  await requireAccess(ctx, 'mediation.read');
  const scope = scopeOf(ctx.actor, 'mediation.read');
  const region = q.regionCode ? await regionRef(ctx.db, q.regionCode, 'query.regionCode') : null;
  const conds: SQL[] = [sql`true`];
  if (region) conds.push(inSubtrees(mediationCases.regionPath, [region.path]));
  if (!scope.all) conds.push(inSubtrees(mediationCases.regionPath, scope.regionPaths));
  if (q.from) conds.push(sql`${mediationCases.registeredAt} >= ${new Date(q.from)}`);
  if (q.to) conds.push(sql`${mediationCases.registeredAt} < ${new Date(q.to)}`);
  const where = sql.join(conds, sql` and `);
  const days = sql`extract(epoch from (${mediationCases.outcomeAt} - ${mediationCases.registeredAt})) / 86400.0`;
  const ended = sql`(${mediationCases.outcomeAt} is not null)`;

  const [totals, byStatus, byType, byProvince, monthly] = await Promise.all([
    ctx.db.execute<{
      total: number;
      open: number;
      settled: number;
      failed: number;
      referred: number;
      avg_days: number | null;
      overdue: number;
    }>(sql`
      select count(*)::int as total,
        count(*) filter (where ${mediationCases.status} in ('registered','matched','in_session'))::int as open,
        count(*) filter (where ${mediationCases.agreement} is not null)::int as settled,
        count(*) filter (where ${mediationCases.failureReason} is not null)::int as failed,
        count(*) filter (where ${mediationCases.referral} is not null)::int as referred,
        avg(${days}) filter (where ${ended})::float8 as avg_days,
        count(*) filter (where ${mediationCases.clockBreachedAt} is not null)::int as overdue
      from ${mediationCases} where ${where}`),
    ctx.db.execute<{ status: CaseStatus; n: number }>(sql`
      select ${mediationCases.status} as status, count(*)::int as n from ${mediationCases} where ${where} group by 1 order by 1`),
    ctx.db.execute<{ type: MediationType; total: number; settled: number; ended: number; avg_days: number | null }>(sql`
      select ${mediationCases.type} as type, count(*)::int as total,
        count(*) filter (where ${mediationCases.agreement} is not null)::int as settled,
        count(*) filter (where ${ended})::int as ended,
        avg(${days}) filter (where ${ended})::float8 as avg_days
      from ${mediationCases} where ${where} group by 1 order by 2 desc, 1`),
    ctx.db.execute<{ province: string; mediators: number; cases: number; settled: number }>(sql`
      select left(m.hometown_code, 2) as province, count(distinct m.id)::int as mediators, count(*)::int as cases,
        count(*) filter (where ${mediationCases.agreement} is not null)::int as settled
      from ${mediationCases}
      join ${mediationCaseMediators} cm on cm.case_id = ${mediationCases.id} and cm.role = 'lead'
      join ${mediators} m on m.id = cm.mediator_id
      where ${where} group by 1 order by 3 desc, 1`),
    ctx.db.execute<{ month: string; registered: number; settled: number }>(sql`
      select to_char(${mediationCases.registeredAt} at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
        count(*)::int as registered,
        count(*) filter (where ${mediationCases.agreement} is not null)::int as settled
      from ${mediationCases} where ${where} group by 1 order by 1`),
  ]);
  const t = totals.rows[0]!;
  const antiFraud = region ? withYearOnYear(await corpsRepo.antiFraudOf(ctx.db, region.code)) : [];
  return {
    total: t.total,
    open: t.open,
    settled: t.settled,
    failed: t.failed,
    referred: t.referred,
    successRate: rate(t.settled, t.settled + t.failed + t.referred),
    averageDays: round1(t.avg_days),
    overdue: t.overdue,
    byStatus: byStatus.rows.map((r) => ({ status: r.status, count: r.n })),
    byType: byType.rows.map((r) => ({
      type: r.type,
      name: MEDIATION_TYPE_NAMES_ZH[r.type] ?? r.type,
      total: r.total,
      settled: r.settled,
      successRate: rate(r.settled, r.ended),
      averageDays: round1(r.avg_days),
    })),
    byMediatorProvince: byProvince.rows.map((r) => ({
      provinceCode: r.province,
      provinceName: provinceName(r.province),
      mediators: r.mediators,
      cases: r.cases,
      settled: r.settled,
    })),
    monthly: monthly.rows,
    antiFraud,
  };
}
