import type {
  AssignmentApplied,
  AssignmentApply,
  AssignmentPlan,
  AssignmentPlanInput,
  MatchPanel,
  MatchQuery,
  MediatorBrief,
  RankedMediator,
} from '@zhili/contracts';
import { requireAccess } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assignByProfiles } from './assign-profiles.engine.ts';
import * as repo from './cases.repo.ts';
import { caseInScope } from './cases.service.ts';
import { parseHometown } from './hometown.engine.ts';
import { assignInTx } from './lifecycle.service.ts';
import { availableInDays, chinaDate, isCertified } from './lifecycle.engine.ts';
import {
  compileMediators,
  rankMediators,
  proposePanel,
  scoreMediator,
  type CaseProfile,
  type MatchScore,
  type MediatorProfile,
} from './matching.engine.ts';
import * as mediatorRepo from './mediators.repo.ts';
import { presentHometown, provinceName, regionNames, regionRef } from './present.ts';

/** Matching one case (ranked list and cross-province panel) and batch assignment, on the engines of H6. */

/** The area mediators are drawn from: the county the region lies in (or the region itself above county level). */
export function areaPathOf(path: string): string {
  const parts = path.split('/');
  const county = parts.findIndex((p) => /^\d{6}$/.test(p));
  return county < 0 ? path : parts.slice(0, county + 1).join('/');
}

interface Pool {
  rows: mediatorRepo.MediatorRow[];
  profiles: MediatorProfile[];
  names: Map<string, string>;
}

/** The mediators who may serve at `regionPath`, as engine profiles with load, record and availability. */
async function candidatePool(ctx: Ctx, regionPath: string, withinDays: number): Promise<Pool> {
  const rows = await mediatorRepo.candidateMediators(ctx.db, areaPathOf(regionPath), regionPath);
  const [loads, names] = await Promise.all([
    mediatorRepo.loadOf(
      ctx.db,
      rows.map((r) => r.id),
    ),
    regionNames(
      ctx.db,
      rows.map((r) => r.serviceRegionCode),
    ),
  ]);
  const today = chinaDate(new Date());
  const profiles = rows.map((r): MediatorProfile => {
    const load = loads.get(r.id);
    return {
      id: r.id,
      hometown: parseHometown(r.hometownCode),
      dialects: r.dialects,
      expertise: r.expertise,
      lat: r.lat,
      lng: r.lng,
      openCases: load?.open ?? 0,
      capacity: r.capacity,
      history: load?.history ?? {},
      availableInDays: availableInDays(r.availability, r.leaves, today, withinDays),
      active: r.active,
      certified: isCertified(r.certificationStatus, r.certifiedUntil, today),
    };
  });
  return { rows, profiles, names };
}

async function caseProfile(ctx: Ctx, row: repo.CaseRow): Promise<{ profile: CaseProfile; parties: repo.PartyRow[] }> {
  const parties = await repo.partiesOf(ctx.db, [row.id]);
  return {
    parties,
    profile: {
      id: row.id,
      type: row.type,
      parties: parties.map((p) => ({
        hometown: p.hometownCode ? parseHometown(p.hometownCode) : null,
        dialects: p.dialects,
      })),
      lat: row.lat,
      lng: row.lng,
    },
  };
}

function brief(pool: Pool, index: number): MediatorBrief {
  const r = pool.rows[index]!;
  const p = pool.profiles[index]!;
  return {
    id: r.id,
    name: r.name,
    hometown: presentHometown(r.hometownCode, r.hometownName),
    dialects: r.dialects,
    expertise: r.expertise as MediatorBrief['expertise'],
    openCases: p.openCases,
    capacity: p.capacity,
    certified: p.certified,
    serviceRegionName: pool.names.get(r.serviceRegionCode) ?? null,
  };
}

function ranked(pool: Pool, byId: Map<string, number>, s: MatchScore): RankedMediator {
  return { mediator: brief(pool, byId.get(s.mediatorId)!), total: s.total, parts: s.parts };
}

/**
 * The matching panel of one case: eligible mediators best first, each score explained, and for
 * parties from different provinces a proposed panel of one mediator from each party's province.
 */
export async function matchCase(ctx: Ctx, id: string, q: MatchQuery): Promise<MatchPanel> {
  await requireAccess(ctx, 'mediation.read');
  const row = await caseInScope(ctx, id, 'mediation.read');
  const { profile, parties } = await caseProfile(ctx, row);
  const pool = await candidatePool(ctx, row.regionPath, q.withinDays);
  const byId = new Map(pool.rows.map((r, i) => [r.id, i]));
  const table = compileMediators(pool.profiles);
  const opts = { withinDays: q.withinDays, requireCertified: q.requireCertified === 'true' };
  const list = rankMediators(profile, table, { ...opts, limit: q.limit });
  const panel = proposePanel(profile, table, opts).map(({ partyIndex, mediator }) => {
    const party = parties[partyIndex]!;
    const prov = party.hometownCode?.slice(0, 2) ?? null;
    return {
      partyId: party.id,
      partyName: party.name,
      provinceCode: prov,
      provinceName: prov ? provinceName(prov) : null,
      mediator: mediator ? ranked(pool, byId, mediator) : null,
    };
  });
  return {
    caseId: row.id,
    crossProvince: row.crossProvince,
    ranked: list.map((s) => ranked(pool, byId, s)),
    panel,
    considered: pool.rows.length,
  };
}

/**
 * A batch plan for the registered (unmatched) cases of a region: as many assigned as capacities
 * allow and the total score maximal (H6's exact solver). Nothing is saved: apply it afterwards.
 */
export async function planAssignments(ctx: Ctx, input: AssignmentPlanInput): Promise<AssignmentPlan> {
  await requireAccess(ctx, 'mediation.manage');
  const region = await regionRef(ctx.db, input.regionCode, 'body.regionCode');
  await requireAccess(ctx, 'mediation.manage', { regionPath: region.path });
  const started = performance.now();
  const cases = await repo.allCases(
    ctx.db,
    { regionPath: region.path, statuses: ['registered'], ids: input.caseIds ?? undefined },
    5000,
  );
  const pool = await candidatePool(ctx, region.path, input.withinDays);
  const table = compileMediators(pool.profiles);
  const opts = { withinDays: input.withinDays, requireCertified: input.requireCertified };
  const profiles = await Promise.all(cases.map((c) => caseProfile(ctx, c).then((x) => x.profile)));
  // Exact at any size: candidate lists grown until the dual certificate holds for every pair.
  const solved = assignByProfiles(profiles, pool.profiles, table, opts);
  const result = {
    assignments: cases.flatMap((c, i) => {
      const j = solved.mediatorOf[i]!;
      return j < 0 ? [] : [{ case: c.id, mediator: pool.rows[j]!.id }];
    }),
    unassigned: cases.filter((_, i) => solved.mediatorOf[i]! < 0).map((c) => c.id),
    total: solved.total,
  };
  const caseIndex = new Map(cases.map((c, i) => [c.id, i]));
  const medIndex = new Map(pool.rows.map((r, j) => [r.id, j]));
  return {
    regionCode: region.code,
    cases: cases.length,
    mediators: pool.rows.length,
    assignments: result.assignments.map((a) => {
      const i = caseIndex.get(a.case)!;
      const j = medIndex.get(a.mediator)!;
      const s = scoreMediator(profiles[i]!, pool.profiles[j]!, opts);
      return {
        caseId: a.case,
        caseNumber: cases[i]!.number,
        caseTitle: cases[i]!.title,
        mediatorId: a.mediator,
        mediatorName: pool.rows[j]!.name,
        score: s.total,
        parts: s.parts,
      };
    }),
    unassigned: result.unassigned.map((id) => {
      const i = caseIndex.get(id)!;
      const none = rankMediators(profiles[i]!, table, { ...opts, limit: 1 }).length === 0;
      return {
        caseId: id,
        caseNumber: cases[i]!.number,
        caseTitle: cases[i]!.title,
        reason: none ? '无符合条件的调解员 / no eligible mediator' : '调解员容量已满 / capacities exhausted',
      };
    }),
    total: result.total,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/**
 * Applies a plan case by case, each in its own transaction: a case no longer registered, out of
 * scope, or whose mediator filled up meanwhile is skipped with the reason; the rest are assigned.
 */
export async function applyAssignments(ctx: Ctx, input: AssignmentApply): Promise<AssignmentApplied> {
  await requireAccess(ctx, 'mediation.manage');
  let applied = 0;
  const skipped: AssignmentApplied['skipped'] = [];
  for (const a of input.assignments) {
    try {
      await ctx.db.transaction(async (tx) => {
        const row = await caseInScope(ctx, a.caseId, 'mediation.manage', tx, true);
        if (row.status !== 'registered') throw new SkipCase(`案件已是“${row.status}”状态 / no longer registered`);
        await assignInTx(ctx, tx, row, [{ mediatorId: a.mediatorId, forPartyId: null }], '批量指派', { batch: true });
      });
      applied += 1;
    } catch (err) {
      if (err instanceof SkipCase) skipped.push({ caseId: a.caseId, reason: err.message });
      else if (err instanceof AppError) skipped.push({ caseId: a.caseId, reason: `${err.spec.zh} / ${err.code}` });
      else throw err;
    }
  }
  return { applied, skipped };
}

class SkipCase extends Error {}
