import ExcelJS from 'exceljs';
import type { RunAwards, RunResult } from '@zhili/contracts';

/** What an export needs to know about a run besides its result. */
export interface RunExportInfo {
  frameworkCode: string;
  frameworkVersion: number;
  year: number;
  version: number;
  status: string;
  result: RunResult;
  awards: RunAwards;
  /** Unit code → name, for the award sheet's parents (counties). */
  unitNames: Record<string, string>;
}

const bold = { bold: true };

/**
 * The XLSX of a run, for officials who work in Excel: 单位得分 (every unit with its score at
 * every node, rank, award and veto), 获奖 (awards per county with the cap applied, the champion
 * and the rule-by-rule explanation) and 插补 (every imputed cell, so nothing filled in is hidden).
 */
export async function buildRunWorkbook(run: RunExportInfo): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'zhili';
  book.created = new Date();
  const awarded = new Set(run.awards.awarded);
  const nodes = run.result.nodes;

  const units = book.addWorksheet('单位得分 Units', { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  units.columns = [
    { header: '代码 code', key: 'code', width: 14 },
    { header: '名称 name', key: 'name', width: 16 },
    { header: '层级 level', key: 'level', width: 10 },
    { header: '上级 parent', key: 'parent', width: 12 },
    { header: '得分 score', key: 'score', width: 10 },
    { header: '排名 rank', key: 'rank', width: 8 },
    { header: '获奖 awarded', key: 'awarded', width: 10 },
    { header: '否决 vetoed', key: 'vetoed', width: 10 },
    { header: '加减分 bonus', key: 'bonus', width: 10 },
    ...nodes.map((n) => ({ header: `${n.name.zh} ${n.code}`, key: `n:${n.code}`, width: 14 })),
  ];
  for (const u of run.result.units) {
    units.addRow({
      code: u.code,
      name: u.name,
      level: u.level,
      parent: u.parent ?? '',
      score: u.score,
      rank: u.rank,
      awarded: awarded.has(u.code) ? '是 yes' : '否 no',
      vetoed: u.vetoed ? `是 yes: ${u.vetoReasons.join('; ')}` : '否 no',
      bonus: u.bonus,
      ...Object.fromEntries(nodes.map((n) => [`n:${n.code}`, u.scores[n.code] ?? null])),
    });
  }
  units.getRow(1).font = bold;

  const awards = book.addWorksheet('获奖 Awards');
  awards.columns = [
    { header: '上级 parent', key: 'parent', width: 14 },
    { header: '名称 name', key: 'name', width: 16 },
    { header: '下辖单位 units', key: 'units', width: 14 },
    { header: '名额上限 cap', key: 'cap', width: 12 },
    { header: '获奖数 awarded', key: 'awarded', width: 14 },
  ];
  for (const [parent, cap] of Object.entries(run.awards.caps)) {
    awards.addRow({ parent, name: run.unitNames[parent] ?? '', ...cap });
  }
  awards.getRow(1).font = bold;
  awards.addRow([]);
  const champion = run.awards.champion;
  awards.addRow(['冠军鼎 champion', champion ? `${run.unitNames[champion] ?? ''} ${champion}` : '无 none']).font = bold;
  awards.addRow(['获鼎区县 counties', run.awards.counties.map((c) => run.unitNames[c] ?? c).join('、')]);
  awards.addRow(['获奖乡镇 townships', run.awards.townships.map((c) => run.unitNames[c] ?? c).join('、')]);
  awards.addRow([]);
  for (const line of run.awards.explanation) awards.addRow([line]);

  const imputed = book.addWorksheet('插补 Imputed');
  imputed.columns = [
    { header: '单位 unit', key: 'unit', width: 14 },
    { header: '名称 name', key: 'name', width: 16 },
    { header: '指标 indicator', key: 'indicator', width: 14 },
    { header: '方法 method', key: 'method', width: 14 },
  ];
  for (const c of run.result.imputed) imputed.addRow({ ...c, name: run.unitNames[c.unit] ?? '' });
  imputed.getRow(1).font = bold;

  const about = book.addWorksheet('说明 About');
  about.addRows([
    ['评价体系 framework', `${run.frameworkCode} v${run.frameworkVersion}`],
    ['年度 year', run.year],
    ['结果版本 run version', run.version],
    ['状态 status', run.status === 'published' ? '已发布 published' : '草稿 draft'],
    ['剔除单位 dropped', run.result.dropped.map((d) => `${d.unit} (${d.reason})`).join('; ')],
    ['异常值处理 treated', run.result.treated.map((t) => `${t.indicator}: ${t.method} ×${t.points}`).join('; ')],
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
