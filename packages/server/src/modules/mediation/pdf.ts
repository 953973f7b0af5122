import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { PARTY_ROLE_NAMES_ZH, type CaseDetail, type Party } from '@zhili/contracts';

/**
 * The case's documents as PDF: the mediation agreement (人民调解协议书, 人民调解法 §28–29) and the
 * parties' joint application for judicial confirmation (司法确认申请书, 民事诉讼法 §205). Chinese
 * text uses Noto Sans SC from npm, as the evaluation reports do.
 */
const resolveFrom = createRequire(import.meta.url);
const FONT_REGULAR = resolveFrom.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const FONT_BOLD = resolveFrom.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');

function render(title: string, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 60, info: { Title: title, Creator: 'zhili' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('regular', FONT_REGULAR);
    doc.registerFont('bold', FONT_BOLD);
    try {
      draw(doc);
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
    doc.end();
  });
}

/** What the documents print besides the case. */
export interface DocumentInfo {
  /** '大唐街道人民调解委员会'. */
  committee: string;
  /** Date printed on the document, 'YYYY年M月D日'. */
  date: string;
}

/** '2026-11-27…' → '2026年11月27日'. */
export function zhDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const SIDE = { applicant: '申请人', respondent: '被申请人' } as const;

function partyBlock(doc: PDFKit.PDFDocument, p: Party, label: string): void {
  const lines = [
    `${label}：${p.name}${p.kind === 'organization' ? '' : `（${PARTY_ROLE_NAMES_ZH[p.role]}）`}`,
    p.hometown?.name ? `籍贯：${p.hometown.name}` : null,
    p.idNumber ? `${p.kind === 'organization' ? '统一社会信用代码' : '身份证号码'}：${p.idNumber}` : null,
    p.address ? `住所：${p.address}` : null,
    p.phone ? `联系电话：${p.phone}` : null,
  ].filter((l): l is string => l !== null);
  doc.font('regular').fontSize(11);
  for (const l of lines) doc.text(l, { indent: l === lines[0] ? 0 : 24 });
  doc.moveDown(0.3);
}

function heading(doc: PDFKit.PDFDocument, text: string): void {
  doc.moveDown(0.5).font('bold').fontSize(12).text(text).font('regular').fontSize(11);
}

const yuan = (x: number) => `${x.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;

/** 人民调解协议书. */
export function renderAgreement(c: CaseDetail, info: DocumentInfo): Promise<Buffer> {
  return render(`人民调解协议书 ${c.number}`, (doc) => {
    doc.font('bold').fontSize(20).text('人民调解协议书', { align: 'center' });
    doc.font('regular').fontSize(10).text(`编号：${c.number}`, { align: 'right' }).moveDown();
    for (const p of c.parties) partyBlock(doc, p, p.side === 'applicant' ? '甲方（申请人）' : '乙方（被申请人）');

    heading(doc, '一、纠纷主要事实、争议事项');
    doc.text(c.description, { indent: 22 });
    if (c.amount !== null) doc.text(`争议金额：${yuan(c.amount)}`, { indent: 22 });

    heading(doc, '二、经调解，双方当事人自愿达成如下协议');
    const a = c.agreement;
    (a?.terms ?? []).forEach((t, i) => doc.text(`${i + 1}. ${t}`, { indent: 22 }));
    if (a?.amountAgreed != null) doc.text(`约定给付金额：${yuan(a.amountAgreed)}`, { indent: 22 });

    heading(doc, '三、履行方式和期限');
    doc.text(a?.performBy ? `各方应于 ${zhDate(a.performBy)} 前履行完毕上述协议。` : '各方应按上述协议约定履行。', {
      indent: 22,
    });

    heading(doc, '四、其他');
    doc.text(
      '本协议经各方当事人签名（盖章）、人民调解员签名并加盖人民调解委员会印章后生效，具有法律约束力，当事人应当按照约定履行。' +
        '当事人可自本协议生效之日起三十日内共同向人民法院申请司法确认。本协议一式三份，双方当事人及人民调解委员会各执一份。',
      { indent: 22 },
    );
    doc.moveDown(1.5);
    for (const p of c.parties) doc.text(`${SIDE[p.side]}（签名/盖章）：${p.name}  ________________`);
    doc.moveDown(0.5);
    doc.text(`人民调解员（签名）：${c.mediators.map((m) => m.name).join('、') || '________'}`);
    doc.moveDown();
    doc.text(`${info.committee}（印章）`, { align: 'right' });
    doc.text(info.date, { align: 'right' });
  });
}

/** 司法确认申请书 (the parties apply jointly). */
export function renderJudicialConfirmation(c: CaseDetail, info: DocumentInfo): Promise<Buffer> {
  return render(`司法确认申请书 ${c.number}`, (doc) => {
    doc.font('bold').fontSize(20).text('司法确认申请书', { align: 'center' }).moveDown();
    c.parties.forEach((p, i) => partyBlock(doc, p, `申请人${i + 1}`));

    heading(doc, '请求事项');
    const signed = c.agreement ? zhDate(c.agreement.signedAt) : '____年__月__日';
    doc.text(
      `请求人民法院确认申请人于 ${signed} 经${info.committee}主持调解达成的人民调解协议（编号 ${c.number}）有效。`,
      { indent: 22 },
    );

    heading(doc, '事实和理由');
    doc.text(`${c.title}。${c.description}`, { indent: 22 });
    doc.text(
      `经${info.committee}调解，申请人自愿达成调解协议，协议内容为：${(c.agreement?.terms ?? []).join('；')}。` +
        '根据《中华人民共和国人民调解法》第三十三条、《中华人民共和国民事诉讼法》第二百零五条的规定，申请人共同申请司法确认。',
      { indent: 22 },
    );

    heading(doc, '申请人承诺');
    for (const s of [
      '一、出于解决纠纷的目的自愿达成调解协议，没有恶意串通、规避法律的行为；',
      '二、如果因为该协议内容而给他人造成损害的，愿意承担相应的民事责任和其他法律责任；',
      '三、所提交的材料真实、合法、有效。',
    ])
      doc.text(s, { indent: 22 });

    doc.moveDown();
    doc.text('此致');
    doc.text('________________人民法院');
    doc.moveDown();
    for (const p of c.parties) doc.text(`申请人（签名/盖章）：${p.name}  ________________`);
    doc.moveDown(0.5);
    doc.text(info.date, { align: 'right' });
    doc.moveDown();
    doc
      .fontSize(10)
      .text('附：1. 人民调解协议书；2. 申请人身份证明、资格证明；3. 与调解协议相关的财产权利证明等证明材料。');
  });
}
