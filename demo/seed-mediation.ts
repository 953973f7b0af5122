import { sql } from 'drizzle-orm';
import { CaseCreate, MediatorCreate, type CaseDetail, type MediationType, type Mediator } from '@zhili/contracts';
import type { Ctx } from '../packages/server/src/platform/context.ts';
import type { PiiCipher } from '../packages/server/src/platform/pii.ts';
import { listOrganizations } from '../packages/server/src/modules/core/index.ts';
import {
  assignCase,
  createCase,
  createMediator,
  createPool,
  importResidentOrigins,
  matchCase,
  recordSession,
  setPoolMembers,
  transitionCase,
} from '../packages/server/src/modules/mediation/index.ts';
import {
  DATANG,
  DATANG_CASES,
  DATANG_COMMUNITIES,
  RESIDENT_ORIGINS,
  demoName,
  demoPhone,
  hometownOf,
  inBatches,
  party,
  resetPartyNumbers,
  type DemoCase,
  type Retime,
} from './mediation-data.ts';
import { seedCorps, seedDaishan } from './seed-mediation-corps.ts';
import {
  IncidentTrack,
  fileDisputeIncident,
  handOver,
  incidentCategoryFor,
  linkModeOf,
  retimeLinked,
} from './mediation-incidents.ts';
import { seedInjuryCase, type Seeded } from './mediation-injury.ts';

/**
 * The hometown-mediation demo: 大唐街道's reserve pools of volunteers from Anhui, Jiangxi, Henan,
 * Guangxi and Guizhou, resident origins, the anti-fraud group with a year of outreach and two
 * years of monthly figures, 22 cases in every state (among them the Anhui worker against the
 * Hubei employer, mediated by a panel); and 岱山县's 7 team-leader batches (150 leaders) with
 * their 35 settled disputes. The injury case and every third Datang case are linked to dispute
 * incidents of the governance centre (mediation-incidents.ts). Everything goes through the
 * modules' services; afterwards the cases and their incidents are carried back to their
 * illustrative dates.
 */

const DAY = 86_400_000;
const PROVINCES = ['34', '36', '41', '45', '52'] as const;
const EXPERTISE: MediationType[][] = [
  ['labour_injury', 'wage_arrears'],
  ['neighbour', 'tenancy'],
  ['family', 'neighbour'],
  ['wage_arrears', 'labour_contract'],
  ['contract', 'consumer', 'traffic'],
];

/** Datang: pools, mediators (11 per community, 7 in 开元社区 so that its pool shows as under size). */
async function seedDatangMediators(ctx: Ctx, pii: PiiCipher): Promise<Mediator[]> {
  const chamber = (await listOrganizations(ctx, { q: '大唐安徽商会', page: 1, pageSize: 5 })).items[0] ?? null;
  const all: Mediator[] = [];
  await inBatches(DATANG_COMMUNITIES, 5, async (community, ci) => {
    const pool = await createPool(ctx, {
      regionCode: community.code,
      name: `${community.name}老乡调解员储备库`,
      minSize: 10,
      targetProvinces: [...PROVINCES],
      note: null,
    });
    const size = ci === 4 ? 7 : 11;
    const members = await inBatches(
      Array.from({ length: size }, (_, k) => k),
      4,
      async (k) => {
        const n = ci * 11 + k;
        const province = k === 10 ? '42' : PROVINCES[k % PROVINCES.length]!;
        const [code, name, dialect] = hometownOf(province, n);
        return createMediator(
          ctx,
          pii,
          MediatorCreate.parse({
            name: demoName(n),
            phone: demoPhone(n),
            hometownCode: code,
            hometownName: name,
            dialects: [dialect],
            languages: dialect === '壮语' || dialect === '苗语' ? ['普通话', dialect] : ['普通话'],
            expertise: EXPERTISE[n % EXPERTISE.length],
            affiliations:
              province === '34' && k % 2 === 0
                ? ['reserve_pool', 'chamber_of_commerce']
                : k === 7
                  ? ['reserve_pool', 'police_volunteer']
                  : ['reserve_pool'],
            organizationId: province === '34' && k % 2 === 0 ? (chamber?.id ?? null) : null,
            organizationName:
              province === '34' && k % 2 === 0 ? '大唐安徽商会' : province === '42' ? '诸暨湖北商会（示例）' : null,
            certificationStatus: k === 9 ? 'in_training' : k === 8 && ci === 2 ? 'expired' : 'certified',
            certifiedUntil: k === 8 && ci === 2 ? '2026-06-30' : '2027-12-31',
            availability:
              k % 3 === 0
                ? []
                : [
                    { weekday: 3, from: '19:00', to: '21:00' },
                    { weekday: 6, from: '09:00', to: '17:00' },
                    { weekday: 7, from: '09:00', to: '17:00' },
                  ],
            capacity: 3 + (k % 3),
            serviceRegionCode: community.code,
            lat: community.lat + ((k % 5) - 2) * 0.002,
            lng: community.lng + ((k % 3) - 1) * 0.002,
          }),
        );
      },
    );
    await setPoolMembers(ctx, pii, pool.id, { add: members.map((m) => m.id), remove: [] });
    all.push(...members);
  });
  // Two full-time people's mediators of the street committee.
  for (const [i, province] of (['34', '36'] as const).entries()) {
    const [code, name, dialect] = hometownOf(province, i + 1);
    all.push(
      await createMediator(
        ctx,
        pii,
        MediatorCreate.parse({
          name: demoName(60 + i),
          phone: demoPhone(60 + i),
          hometownCode: code,
          hometownName: name,
          dialects: [dialect],
          expertise: ['labour_injury', 'wage_arrears', 'labour_contract', 'family'],
          affiliations: ['professional'],
          certificationStatus: 'certified',
          certifiedUntil: '2028-06-30',
          capacity: 8,
          serviceRegionCode: DATANG,
          lat: 29.645,
          lng: 120.205,
        }),
      ),
    );
  }
  const csv = ['communityCode,provinceCode,residents,asOf'];
  for (const [community, counts] of Object.entries(RESIDENT_ORIGINS))
    for (const [province, n] of Object.entries(counts)) csv.push(`${community},${province},${n},2026-06-30`);
  await importResidentOrigins(ctx, csv.join('\n'));
  return all;
}

/** Moves a registered case to its planned status through the services. */
async function advance(
  ctx: Ctx,
  pii: PiiCipher,
  c: CaseDetail,
  spec: DemoCase,
  now: Date,
  track: IncidentTrack | null,
): Promise<void> {
  if (spec.status === 'registered') return;
  const match = await matchCase(ctx, c.id, { limit: 1, withinDays: 14, requireCertified: 'false' });
  const best = match.ranked[0];
  if (!best) return;
  let d = await assignCase(ctx, pii, c.id, {
    version: c.version,
    mediators: [{ mediatorId: best.mediator.id, forPartyId: null }],
    note: null,
  });
  if (spec.status === 'matched') return;
  const heldAt = new Date(now.getTime() - (spec.ageDays - Math.max(1, spec.durationDays * 0.6)) * DAY).toISOString();
  d = await recordSession(ctx, pii, c.id, {
    version: d.version,
    heldAt,
    place: '大唐街道老乡调解工作室',
    mediatorIds: null,
    attendees: '双方当事人',
    summary: '调解员用家乡话与双方沟通，释明法律规定，双方情绪平稳。',
    nextSteps: null,
  });
  if (spec.status === 'in_session') return;
  const base = {
    note: null,
    terms: [],
    amountAgreed: null,
    performBy: null,
    referralTarget: null,
    satisfied: null,
    performance: null,
  };
  // The outcome moves the linked incident on (incident.link.ts), so does the closing below.
  track?.mark('outcome');
  if (spec.status === 'failed') {
    d = await transitionCase(ctx, pii, c.id, {
      ...base,
      action: 'fail',
      version: d.version,
      note: '双方分歧较大，已告知可通过诉讼解决',
    });
  } else if (spec.status === 'referred') {
    d = await transitionCase(ctx, pii, c.id, {
      ...base,
      action: 'refer',
      version: d.version,
      referralTarget: spec.referral ?? 'arbitration',
      note: '已引导当事人依法维权',
    });
  } else {
    const amount = spec.amount === null ? null : Math.round(spec.amount * 0.8);
    d = await transitionCase(ctx, pii, c.id, {
      ...base,
      action: 'agree',
      version: d.version,
      terms:
        amount === null
          ? ['双方相互谅解，今后和睦相处', '任何一方不再就此事纠缠']
          : [`被申请人于协议签订之日起十日内支付申请人人民币 ${amount} 元`, '申请人收到款项后不再就此事主张其他权利'],
      amountAgreed: amount,
    });
  }
  if (spec.status === 'agreement' || spec.status === 'failed' || spec.status === 'referred') return;
  d = await transitionCase(ctx, pii, c.id, {
    ...base,
    action: 'follow_up',
    version: d.version,
    note: '电话回访，当事人表示满意',
    satisfied: true,
    performance: 'performed',
  });
  if (spec.status !== 'closed') return;
  track?.mark('close');
  await transitionCase(ctx, pii, c.id, { ...base, action: 'close', version: d.version });
}

/**
 * Carries cases back to their illustrative dates: registration `ageDays` ago, outcome
 * `durationDays` later; the statutory clocks move with them (the sweep then warns or breaches
 * the running ones that are past 80 % or past the limit). Notes of a linked incident's status
 * changes are left where retimeLinked put them.
 */
async function retime(ctx: Ctx, list: readonly Retime[]): Promise<void> {
  if (list.length === 0) return;
  const values = sql.join(
    list.map(
      (r) => sql`(${r.id}::uuid, make_interval(days => ${r.ageDays}), make_interval(days => ${r.durationDays}))`,
    ),
    sql`, `,
  );
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`
      update mediation_case_events e set at = least(now(), e.at - v.shift + case
          when e.action = 'register' then interval '0'
          when e.action = 'assign' then v.dur * 0.1
          when e.action = 'session' then v.dur * 0.6
          when e.action = 'follow_up' then v.dur + interval '7 days'
          when e.action = 'close' then v.dur + interval '10 days'
          else v.dur end)
      from (values ${values}) v(id, shift, dur)
      where e.case_id = v.id and not (e.action = 'incident_status' and e.data ? 'incidentId')`);
    await tx.execute(sql`
      update mediation_cases c set
        registered_at = c.registered_at - v.shift,
        clock_started_at = c.clock_started_at - v.shift,
        clock_warn_at = c.clock_warn_at - v.shift,
        clock_due_at = c.clock_due_at - v.shift,
        clock_check_at = case when c.clock_stopped_at is null then c.clock_warn_at - v.shift end,
        outcome_at = case when c.outcome_at is not null then c.registered_at - v.shift + v.dur end,
        clock_stopped_at = case when c.clock_stopped_at is not null then c.registered_at - v.shift + v.dur end,
        closed_at = case when c.closed_at is not null then least(now(), c.registered_at - v.shift + v.dur + interval '10 days') end,
        agreement = case when c.agreement is not null then jsonb_set(c.agreement, '{signedAt}',
          to_jsonb(to_char((c.registered_at - v.shift + v.dur) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) end
      from (values ${values}) v(id, shift, dur) where c.id = v.id`);
  });
}

/**
 * Seeds the mediation demo (once: seedDemo's marker guards it). The incidents' configuration
 * (seedIncidentConfiguration in seed-incidents.ts) must be in place: linked cases file incidents.
 */
export async function seedMediation(
  ctx: Ctx,
  pii: PiiCipher,
  now = new Date(),
): Promise<{ mediators: number; cases: number; teamLeaders: number; linkedIncidents: number }> {
  resetPartyNumbers();
  const mediators = await seedDatangMediators(ctx, pii);
  await seedCorps(ctx, pii, now);
  const injury = await seedInjuryCase(ctx, pii, now);
  const datang = await inBatches(DATANG_CASES, 6, async (spec, i): Promise<Seeded> => {
    const community = DATANG_COMMUNITIES[spec.community]!;
    // Parties first, in order: their numbered names and phones do not depend on the link.
    const parties = [party('applicant', spec.applicant), party('respondent', spec.respondent)];
    const mode = linkModeOf(i, spec.type);
    const track = mode ? new IncidentTrack(mode) : null;
    const place = { regionCode: community.code, lat: community.lat, lng: community.lng };
    const incidentId =
      track?.mode === 'from_incident'
        ? await fileDisputeIncident(ctx, track, {
            ...spec,
            ...place,
            reporter: { name: parties[0]!.name, phone: parties[0]!.phone },
          })
        : null;
    // A case registered directly files its incident inside createCase.
    if (track?.mode === 'file') track.mark('received');
    const c = await createCase(
      ctx,
      pii,
      CaseCreate.parse({
        type: spec.type,
        title: spec.title,
        description: spec.description,
        amount: spec.amount,
        ...place,
        parties,
        incidentId,
        fileIncident: track?.mode === 'file',
        incidentCategoryCode: track?.mode === 'file' ? incidentCategoryFor(spec.type).code : null,
      }),
    );
    if (track) await handOver(ctx, track, c.incidentId, c.number);
    await advance(ctx, pii, c, spec, now, track);
    const { ageDays, durationDays } = spec;
    const incident = track?.timeline(new Date(c.registeredAt), ageDays, durationDays, now.getTime()) ?? null;
    return { id: c.id, ageDays, durationDays, incident };
  });
  const daishan = await seedDaishan(ctx, pii);
  // The linked incidents first: their notes on the case timelines are placed by the incidents' times.
  const linked = [injury, ...datang].flatMap((s) => (s.incident ? [s.incident] : []));
  await retimeLinked(ctx, linked, now);
  await retime(ctx, [injury, ...datang, ...daishan.retimes]);
  return {
    mediators: mediators.length,
    cases: 1 + datang.length + daishan.retimes.length,
    teamLeaders: daishan.leaders,
    linkedIncidents: linked.length,
  };
}
