import { requireAccess } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { PiiCipher } from '../../platform/pii.ts';
import { presentDetail } from './cases.present.ts';
import { caseInScope } from './cases.service.ts';
import { chinaDate } from './lifecycle.engine.ts';
import { MediationErrors } from './mediation.errors.ts';
import { renderAgreement, renderJudicialConfirmation, zhDate } from './pdf.ts';
import { regionNames } from './present.ts';

export type CaseDocumentKind = 'agreement' | 'judicial_confirmation';

/**
 * The mediation committee that signs: the people's mediation committee of the case's township
 * or street (人民调解委员会 sit at that level), else of the case's own region.
 */
async function committeeOf(ctx: Ctx, regionPath: string, regionCode: string): Promise<string> {
  const township = regionPath.split('/').find((c) => /^\d{9}$/.test(c)) ?? regionCode;
  const names = await regionNames(ctx.db, [township, regionCode]);
  return `${names.get(township) ?? names.get(regionCode) ?? ''}人民调解委员会`;
}

/**
 * A case document as PDF, once the case has an agreement. Parties' numbers are printed as the
 * caller may see them (masked without pii.read). Generating one is audited: it carries personal data.
 */
export async function caseDocument(
  ctx: Ctx,
  pii: PiiCipher,
  id: string,
  kind: CaseDocumentKind,
): Promise<{ fileName: string; pdf: Buffer }> {
  await requireAccess(ctx, 'mediation.read');
  const row = await caseInScope(ctx, id, 'mediation.read');
  if (!row.agreement)
    throw MediationErrors.DOCUMENT_UNAVAILABLE([{ path: 'params.id', code: 'no_agreement', message: row.number }]);
  const detail = await presentDetail(ctx, pii, row);
  const info = {
    committee: await committeeOf(ctx, row.regionPath, row.regionCode),
    date: zhDate(chinaDate(new Date())),
  };
  const pdf =
    kind === 'agreement' ? await renderAgreement(detail, info) : await renderJudicialConfirmation(detail, info);
  await ctx.db.transaction((tx) =>
    recordAudit(ctx, tx, {
      action: 'mediation.case.document',
      entity: 'mediation_case',
      entityId: id,
      after: { kind, number: row.number, masked: detail.parties.some((p) => p.masked) },
    }),
  );
  const title = kind === 'agreement' ? '人民调解协议书' : '司法确认申请书';
  return { fileName: `${title}-${row.number}.pdf`, pdf };
}
