import type { Framework, PanelRow, RunAwards, RunResult, UnitInfo, UnitProfile, UnitResult } from '@zhili/contracts';
import { requireAccess } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { EvaluationErrors } from './evaluation.errors.ts';
import * as repo from './evaluation.repo.ts';
import { buildRunWorkbook } from './export.ts';
import { indicatorsOf, loadDataset, loadFramework } from './frameworks.service.ts';
import { renderCertificates, renderUnitReport, type Certificate } from './pdf.ts';
import { evaluate, loadRun } from './runs.service.ts';
import { EvaluationEngineError } from './framework.engine.ts';
import { whatIf, type Improvement } from './whatif.engine.ts';

type Name = { zh: string; en: string };

const finite = (x: number | null | undefined): number | null =>
  x !== null && x !== undefined && Number.isFinite(x) ? x : null;

/**
 * What-if: for each indicator alone, the raw value (and normalised score) the unit needs to reach
 * `targetRank` in its level, from the engine's `whatIf` (closed form on arithmetic paths,
 * bisection otherwise). Reachable improvements first, smallest gain first.
 */
function improvementsFor(
  def: Framework,
  dataset: repo.DatasetRow,
  run: repo.RunRow,
  unit: UnitResult,
  targetRank: number,
): UnitProfile['whatIf']['improvements'] {
  const result = run.result as RunResult;
  const options = { ...(run.options as Record<string, unknown>), year: run.year };
  let byCode: Record<string, Improvement | null>;
  try {
    byCode = whatIf(
      def,
      { units: dataset.units as UnitInfo[], rows: dataset.rows as PanelRow[] },
      options,
      unit.code,
      targetRank,
    );
  } catch (err) {
    if (err instanceof EvaluationEngineError) return [];
    throw err;
  }
  return result.nodes
    .filter((n) => n.indicator && n.code in byCode)
    .map((n) => {
      const imp = byCode[n.code];
      const current = finite(unit.scores[n.code]);
      return {
        indicator: n.code,
        name: n.name,
        current,
        needed: imp ? Math.max(0, imp.score - (current ?? 0)) : null,
        from: finite(imp?.from ?? unit.raw[n.code]),
        to: imp ? finite(imp.to) : null,
        reachable: imp !== null && imp !== undefined,
      };
    })
    .sort((a, b) => Number(b.reachable) - Number(a.reachable) || (a.needed ?? 0) - (b.needed ?? 0));
}

/** The default target of the what-if: enter the award set, or the next rank up when already in. */
function defaultTargetRank(unit: UnitResult, awards: RunAwards, level: UnitResult[]): number {
  const awarded = new Set(awards.awarded);
  if (!awarded.has(unit.code)) {
    const worstAwarded = level.filter((u) => awarded.has(u.code)).reduce((m, u) => Math.max(m, u.rank), 0);
    if (worstAwarded > 0) return worstAwarded;
  }
  return Math.max(1, unit.rank - 1);
}

async function previousYear(
  ctx: Ctx,
  run: repo.RunRow,
  def: Framework,
  unitCode: string,
): Promise<UnitProfile['change']> {
  const year = run.year - 1;
  const [published] = await repo.publishedRunsForYears(ctx.db, run.frameworkCode, [year]);
  let prev: UnitResult | undefined;
  let source: 'published' | 'computed' = 'published';
  if (published) {
    prev = (published.result as RunResult).units.find((u) => u.code === unitCode);
  } else {
    const dataset = await loadDataset(ctx, run.datasetId);
    if (!(dataset.years as number[]).includes(year)) return null;
    source = 'computed';
    const options = { ...(run.options as Record<string, unknown>), year };
    prev = evaluate(def, dataset, options).units.find((u) => u.code === unitCode);
  }
  const now = (run.result as RunResult).units.find((u) => u.code === unitCode)!;
  if (!prev) return null;
  return {
    previousYear: year,
    source,
    previousScore: prev.score,
    previousRank: prev.rank,
    scoreChange: now.score - prev.score,
    rankChange: prev.rank - now.rank,
  };
}

/**
 * The unit profile: scores and rank, change against last year (the published run of that year,
 * else computed from the same dataset), contributions, strengths and weaknesses against peers
 * (same level and parent) and a what-if towards `targetRank`.
 */
export async function getUnitProfile(ctx: Ctx, runId: string, code: string, targetRank?: number): Promise<UnitProfile> {
  await requireAccess(ctx, 'evaluation.read');
  const run = await loadRun(ctx, runId);
  await requireAccess(ctx, 'evaluation.read', { regionCode: run.regionCode });
  return profileOf(ctx, run, code, targetRank);
}

async function profileOf(ctx: Ctx, run: repo.RunRow, code: string, targetRank?: number): Promise<UnitProfile> {
  const result = run.result as RunResult;
  const awards = run.awards as RunAwards;
  const unit = result.units.find((u) => u.code === code);
  if (!unit) throw EvaluationErrors.EVAL_UNIT_NOT_FOUND([{ path: 'params.code', code: 'not_found', message: code }]);
  const framework = await loadFramework(ctx, run.frameworkCode, run.frameworkVersion);
  const def = framework.definition as Framework;
  const level = result.units.filter((u) => u.level === unit.level);
  const siblings = level.filter((u) => u.code !== unit.code && u.parent === unit.parent);
  const peers = siblings.length > 0 ? siblings : level.filter((u) => u.code !== unit.code);
  const names = new Map<string, Name>(result.nodes.map((n) => [n.code, n.name]));
  const comparisons = result.nodes
    .filter((n) => n.indicator && unit.scores[n.code] !== undefined)
    .map((n) => {
      const values = peers.map((p) => p.scores[n.code]).filter((v): v is number => v !== undefined);
      const peerMean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : unit.scores[n.code]!;
      return {
        indicator: n.code,
        name: n.name,
        score: unit.scores[n.code]!,
        peerMean,
        gap: unit.scores[n.code]! - peerMean,
      };
    })
    .sort((a, b) => b.gap - a.gap);
  const target = Math.min(targetRank ?? defaultTargetRank(unit, awards, level), level.length);
  const targetUnit = level.find((u) => u.rank <= target && !level.some((v) => v.rank <= target && v.rank > u.rank));
  const targetScore = targetUnit?.score ?? unit.score;
  return {
    runId: run.id,
    year: run.year,
    unit,
    awarded: awards.awarded.includes(unit.code),
    levelCount: level.length,
    peers: peers.map((p) => ({ code: p.code, name: p.name, score: p.score, rank: p.rank })),
    change: await previousYear(ctx, run, def, unit.code),
    contributions: Object.entries(unit.contributions)
      .map(([indicator, contribution]) => ({
        indicator,
        name: names.get(indicator) ?? { zh: indicator, en: indicator },
        contribution,
      }))
      .sort((a, b) => b.contribution - a.contribution),
    strengths: comparisons.filter((c) => c.gap > 0).slice(0, 3),
    weaknesses: comparisons
      .filter((c) => c.gap < 0)
      .reverse()
      .slice(0, 3),
    whatIf: {
      targetRank: target,
      targetScore,
      improvements: improvementsFor(def, await loadDataset(ctx, run.datasetId), run, unit, target),
    },
  };
}

const unitNamesOf = (result: RunResult) => Object.fromEntries(result.units.map((u) => [u.code, u.name]));

/** The run as an XLSX workbook (units, awards with caps, imputed cells). */
export async function exportRunXlsx(ctx: Ctx, runId: string): Promise<{ fileName: string; data: Buffer }> {
  await requireAccess(ctx, 'evaluation.read');
  const run = await loadRun(ctx, runId);
  await requireAccess(ctx, 'evaluation.read', { regionCode: run.regionCode });
  const result = run.result as RunResult;
  const data = await buildRunWorkbook({
    frameworkCode: run.frameworkCode,
    frameworkVersion: run.frameworkVersion,
    year: run.year,
    version: run.version,
    status: run.status,
    result,
    awards: run.awards as RunAwards,
    unitNames: unitNamesOf(result),
  });
  return { fileName: `${run.frameworkCode}-${run.year}-v${run.version}.xlsx`, data };
}

/** The per-unit report in Chinese (PDF). */
export async function unitReportPdf(
  ctx: Ctx,
  runId: string,
  code: string,
): Promise<{ fileName: string; data: Buffer }> {
  await requireAccess(ctx, 'evaluation.read');
  const run = await loadRun(ctx, runId);
  await requireAccess(ctx, 'evaluation.read', { regionCode: run.regionCode });
  const profile = await profileOf(ctx, run, code);
  const framework = await loadFramework(ctx, run.frameworkCode, run.frameworkVersion);
  const def = framework.definition as Framework;
  const names = unitNamesOf(run.result as RunResult);
  const parentOf = new Map(def.index.children?.flatMap((p) => indicatorsOf(p).map((i) => [i.code, p.code] as const)));
  const data = await renderUnitReport(profile, {
    frameworkName: def.name.zh,
    status: run.status,
    pillars: (def.index.children ?? []).map((p) => ({ code: p.code, name: p.name.zh })),
    indicators: indicatorsOf(def.index).map((i) => ({
      code: i.code,
      name: i.name.zh,
      unit: i.unit ?? null,
      parent: parentOf.get(i.code) ?? null,
    })),
    parentName: profile.unit.parent ? (names[profile.unit.parent] ?? profile.unit.parent) : null,
  });
  return { fileName: `${run.frameworkCode}-${run.year}-${code}.pdf`, data };
}

/** Award certificates (荣誉证书) for every awarded unit of a run, champion first. */
export async function certificatesPdf(ctx: Ctx, runId: string): Promise<{ fileName: string; data: Buffer }> {
  await requireAccess(ctx, 'evaluation.read');
  const run = await loadRun(ctx, runId);
  await requireAccess(ctx, 'evaluation.read', { regionCode: run.regionCode });
  const framework = await loadFramework(ctx, run.frameworkCode, run.frameworkVersion);
  const def = framework.definition as Framework;
  const result = run.result as RunResult;
  const awards = run.awards as RunAwards;
  const byCode = new Map(result.units.map((u) => [u.code, u]));
  const title = def.name.zh;
  const certs: Certificate[] = [];
  const champion = awards.champion ? byCode.get(awards.champion) : undefined;
  if (champion) {
    certs.push({
      unitName: champion.name,
      award: '冠 军 鼎',
      line: `在${run.year}年度${title}中综合得分位列第一，特授予冠军鼎，以资鼓励。`,
    });
  }
  for (const code of awards.awarded) {
    const u = byCode.get(code);
    if (!u) continue;
    certs.push({
      unitName: u.name,
      award: '生 态 鼎',
      line: `在${run.year}年度${title}中综合得分 ${u.score.toFixed(2)}，位列同级第 ${u.rank} 名，荣获生态鼎，特发此证。`,
    });
  }
  // The date printed is the publication day in China, whatever the server's time zone.
  const issued = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(run.publishedAt ?? run.createdAt);
  const issuer = run.status === 'published' ? title : `${title}（草稿，未发布）`;
  const data = await renderCertificates(title, issuer, issued, certs);
  return { fileName: `${run.frameworkCode}-${run.year}-certificates.pdf`, data };
}
