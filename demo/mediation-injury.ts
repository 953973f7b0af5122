import { CaseCreate } from '@zhili/contracts';
import type { Ctx } from '../packages/server/src/platform/context.ts';
import type { PiiCipher } from '../packages/server/src/platform/pii.ts';
import {
  assignCase,
  createCase,
  matchCase,
  recordSession,
  transitionCase,
} from '../packages/server/src/modules/mediation/index.ts';
import { DATANG_COMMUNITIES, type Retime } from './mediation-data.ts';
import { IncidentTrack, fileDisputeIncident, handOver } from './mediation-incidents.ts';
import type { Timeline } from './seed-incidents-retime.ts';

/** The mediation demo's headline case (see demo/README.md), split from seed-mediation.ts. */

const DAY = 86_400_000;

/** A seeded case to carry back, with its linked incident's timeline. */
export interface Seeded extends Retime {
  incident: Timeline | null;
}

const INJURY = {
  type: 'labour_injury',
  title: '安徽籍务工人员与湖北籍老板工伤赔偿纠纷',
  description:
    '安徽临泉籍挡车工在袜机检修时右手受伤，经鉴定为十级伤残；湖北公安籍企业主认为工人违规操作，双方就赔偿数额分歧较大。',
  address: '大唐街道雍平社区某袜业有限公司（示例）',
} as const;

/**
 * The Anhui worker against the Hubei employer: the worker calls the 12345 hotline, the centre's
 * incident is dispatched to 雍平社区, which registers the case from it; a panel of an Anhui and a
 * Hubei mediator reaches an agreement, and the incident is resolved with it.
 */
export async function seedInjuryCase(ctx: Ctx, pii: PiiCipher, now: Date): Promise<Seeded> {
  const track = new IncidentTrack('from_incident');
  const community = DATANG_COMMUNITIES[0];
  const incidentId = await fileDisputeIncident(ctx, track, {
    ...INJURY,
    regionCode: community.code,
    lat: community.lat,
    lng: community.lng,
    reporter: { name: '王建国（示例）', phone: '17012340001' },
    hotline: true,
  });
  const c = await createCase(
    ctx,
    pii,
    CaseCreate.parse({
      ...INJURY,
      amount: 120000,
      urgency: 'high',
      regionCode: community.code,
      lat: community.lat,
      lng: community.lng,
      parties: [
        {
          name: '王建国（示例）',
          side: 'applicant',
          role: 'worker',
          hometownCode: '341221',
          hometownName: '安徽省阜阳市临泉县',
          dialects: ['阜阳话'],
          phone: '17012340001',
          idNumber: '341221198805061234',
        },
        {
          name: '某袜业有限公司（示例）',
          side: 'respondent',
          role: 'employer',
          kind: 'organization',
          hometownCode: '421022',
          hometownName: '湖北省荆州市公安县（企业主籍贯）',
          phone: '17012340002',
          idNumber: '91330681MA2XXXXXX0',
        },
      ],
      incidentId,
    }),
  );
  await handOver(ctx, track, c.incidentId, c.number);
  const match = await matchCase(ctx, c.id, { limit: 5, withinDays: 14, requireCertified: 'true' });
  const panel = match.panel.flatMap((p) =>
    p.mediator ? [{ mediatorId: p.mediator.mediator.id, forPartyId: p.partyId }] : [],
  );
  let d = await assignCase(ctx, pii, c.id, {
    version: c.version,
    mediators: panel,
    note: '跨省纠纷，安徽、湖北老乡调解员组成调解小组',
  });
  for (const [i, summary] of [
    '两位老乡调解员分别用家乡话与双方沟通，稳定情绪，核实伤情和工资标准。',
    '依据工伤保险条例测算赔偿项目，双方在八万六千元上达成一致。',
  ].entries()) {
    d = await recordSession(ctx, pii, c.id, {
      version: d.version,
      heldAt: new Date(now.getTime() - (12 - i * 5) * DAY).toISOString(),
      place: '大唐街道老乡调解工作室',
      mediatorIds: null,
      attendees: '王建国（示例）及其妻子；企业负责人',
      summary,
      nextSteps: i === 0 ? '企业核算工资台账，下次调解前提供' : null,
    });
  }
  track.mark('outcome');
  await transitionCase(ctx, pii, c.id, {
    action: 'agree',
    version: d.version,
    note: null,
    terms: [
      '某袜业有限公司（示例）一次性支付王建国（示例）一次性伤残补助金、医疗费、停工留薪期工资等共计人民币捌万陆仟元整',
      '款项于2026年12月15日前通过银行转账支付',
      '王建国（示例）收到款项后，双方劳动关系及工伤赔偿事宜全部了结',
    ],
    amountAgreed: 86000,
    performBy: null,
    referralTarget: null,
    satisfied: null,
    performance: null,
  });
  const [ageDays, durationDays] = [15, 13];
  return {
    id: c.id,
    ageDays,
    durationDays,
    incident: track.timeline(new Date(c.registeredAt), ageDays, durationDays, now.getTime()),
  };
}
