import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { UnitProfile } from '@zhili/contracts';

/**
 * PDFs in Chinese: a per-unit report and award certificates. The CJK font is Noto Sans SC from
 * npm (@expo-google-fonts/noto-sans-sc, OFL), so a fresh machine needs nothing but `npm ci`;
 * pdfkit embeds only the glyphs used, so a report stays a few tens of KB.
 */
const resolveFrom = createRequire(import.meta.url);
const FONT_REGULAR = resolveFrom.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const FONT_BOLD = resolveFrom.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');

function render(options: PDFKit.PDFDocumentOptions, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ ...options, info: { Creator: 'zhili', ...options.info } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('regular', FONT_REGULAR);
    doc.registerFont('bold', FONT_BOLD);
    doc.font('regular');
    try {
      draw(doc);
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
    doc.end();
  });
}

/** zh names of the usual unit levels; other levels print as written. */
const LEVEL_ZH: Record<string, string> = { county: '区县', township: '乡镇（街道）', city: '市', country: '国家' };

const fmt = (x: number | null | undefined, digits = 2) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);

/** What the unit report prints besides the profile. */
export interface UnitReportInfo {
  frameworkName: string;
  status: string;
  /** Indicator code → { zh name, unit of measure }. */
  indicators: { code: string; name: string; unit: string | null; parent: string | null }[];
  /** First-level node code → zh name. */
  pillars: { code: string; name: string }[];
  parentName: string | null;
}

/** A one- or two-page report on one unit: scores, rank, change, contributions, peers, what-if. */
export function renderUnitReport(profile: UnitProfile, info: UnitReportInfo): Promise<Buffer> {
  const u = profile.unit;
  return render({ size: 'A4', margin: 50, info: { Title: `${u.name} ${profile.year} 评价报告` } }, (doc) => {
    doc.font('bold').fontSize(18).text(`${u.name}${profile.year}年度综合评价报告`, { align: 'center' });
    doc.font('regular').fontSize(10).fillColor('#555').text(info.frameworkName, { align: 'center' });
    if (info.status !== 'published') doc.text('（草稿，未发布 / draft, not published）', { align: 'center' });
    doc.fillColor('black').moveDown();

    doc.font('bold').fontSize(13).text('一、总体情况');
    doc.font('regular').fontSize(11);
    doc.text(
      `单位：${u.name}（${u.code}）  层级：${LEVEL_ZH[u.level] ?? u.level}${info.parentName ? `  上级：${info.parentName}` : ''}`,
    );
    doc.text(`综合得分：${fmt(u.score, 3)}  排名：第 ${u.rank} 名 / 共 ${profile.levelCount} 个`);
    if (u.bonus !== 0) doc.text(`加减分：${u.bonus > 0 ? '+' : ''}${fmt(u.bonus)}`);
    doc.text(`获奖情况：${profile.awarded ? '获奖' : '未获奖'}`);
    if (u.vetoed)
      doc
        .fillColor('#b00')
        .text(`一票否决：${u.vetoReasons.join('；')}`)
        .fillColor('black');
    if (profile.change) {
      const c = profile.change;
      const up = c.rankChange > 0 ? `上升 ${c.rankChange} 位` : c.rankChange < 0 ? `下降 ${-c.rankChange} 位` : '持平';
      doc.text(
        `与 ${c.previousYear} 年相比：得分 ${c.scoreChange >= 0 ? '+' : ''}${fmt(c.scoreChange, 3)}，排名${up}` +
          (c.source === 'computed' ? '（按本体系测算）' : ''),
      );
    }
    doc.moveDown();

    doc.font('bold').fontSize(13).text('二、一级指标得分');
    doc.font('regular').fontSize(11);
    for (const p of info.pillars) doc.text(`${p.name}：${fmt(u.scores[p.code])}`);
    doc.moveDown();

    doc.font('bold').fontSize(13).text('三、二级指标');
    doc.font('regular').fontSize(9);
    const contribution = new Map(profile.contributions.map((c) => [c.indicator, c.contribution]));
    for (const ind of info.indicators) {
      if (!(ind.code in u.scores)) continue;
      const raw = u.raw[ind.code];
      doc.text(
        `${ind.name}：原始值 ${fmt(raw ?? null)}${ind.unit ? ` ${ind.unit}` : ''}，标准化得分 ${fmt(u.scores[ind.code])}，贡献 ${fmt(contribution.get(ind.code) ?? null, 3)}`,
      );
    }
    doc.moveDown();

    doc.font('bold').fontSize(13).text('四、与同级单位比较');
    doc.font('regular').fontSize(10);
    doc.text(`优势指标：${profile.strengths.map((s) => `${s.name.zh}（高于均值 ${fmt(s.gap)}）`).join('；') || '无'}`);
    doc.text(
      `短板指标：${profile.weaknesses.map((s) => `${s.name.zh}（低于均值 ${fmt(-s.gap)}）`).join('；') || '无'}`,
    );
    doc.moveDown();

    doc.font('bold').fontSize(13).text('五、提升测算');
    doc.font('regular').fontSize(10);
    const w = profile.whatIf;
    if (w.targetScore <= u.score) {
      doc.text(`已达到第 ${w.targetRank} 名的得分，无需单项提升。`);
      return;
    }
    doc.text(
      `目标：第 ${w.targetRank} 名（得分 ${fmt(w.targetScore, 3)}）。单项指标需提升的标准化分值及对应原始值（其余不变）：`,
    );
    for (const imp of w.improvements.slice(0, 10)) {
      const raw = imp.to === null ? '' : `（原始值 ${fmt(imp.from)} → ${fmt(imp.to)}）`;
      doc.text(`  ${imp.name.zh}：${imp.reachable ? `+${fmt(imp.needed)}${raw}` : '单项无法达到'}`);
    }
  });
}

/** One certificate to print. */
export interface Certificate {
  unitName: string;
  award: string;
  line: string;
}

/** Award certificates (荣誉证书), one landscape A4 page each. */
export function renderCertificates(title: string, issuer: string, date: string, certs: Certificate[]): Promise<Buffer> {
  return render(
    { size: 'A4', layout: 'landscape', margin: 60, autoFirstPage: false, info: { Title: title } },
    (doc) => {
      for (const c of certs) {
        doc.addPage();
        const { width, height } = doc.page;
        doc
          .lineWidth(4)
          .strokeColor('#b8860b')
          .rect(30, 30, width - 60, height - 60)
          .stroke();
        doc
          .lineWidth(1)
          .rect(40, 40, width - 80, height - 80)
          .stroke();
        doc
          .fillColor('#b22222')
          .font('bold')
          .fontSize(40)
          .text('荣 誉 证 书', 60, 100, { align: 'center', width: width - 120 });
        doc.fillColor('black').fontSize(24).text(`${c.unitName}：`, 110, 200);
        doc
          .font('regular')
          .fontSize(18)
          .text(c.line, 140, 250, { width: width - 250, lineGap: 8 });
        doc
          .font('bold')
          .fontSize(28)
          .fillColor('#b22222')
          .text(c.award, 60, 360, { align: 'center', width: width - 120 });
        doc
          .fillColor('black')
          .font('regular')
          .fontSize(16)
          .text(issuer, width - 420, height - 150, { width: 320, align: 'right' });
        doc.text(date, width - 420, height - 120, { width: 320, align: 'right' });
      }
    },
  );
}
