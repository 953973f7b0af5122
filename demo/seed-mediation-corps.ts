import { CaseCreate, MediatorCreate, type Mediator } from '@zhili/contracts';
import type { Ctx } from '../packages/server/src/platform/context.ts';
import type { PiiCipher } from '../packages/server/src/platform/pii.ts';
import {
  addCorpsMember,
  assignCase,
  createCase,
  createCorps,
  createMediator,
  createOutreach,
  createTrainingBatch,
  importAntiFraud,
  transitionCase,
} from '../packages/server/src/modules/mediation/index.ts';
import {
  DAISHAN,
  DAISHAN_BATCHES,
  DAISHAN_COMPANIES,
  DAISHAN_DISPUTES,
  DAISHAN_TOWNSHIPS,
  DATANG,
  DATANG_COMMUNITIES,
  OUTREACH_TOPICS,
  demoName,
  demoPhone,
  hometownOf,
  inBatches,
  party,
  type DemoCase,
  type Retime,
} from './mediation-data.ts';

/** The mediation demo's volunteer corps (大唐) and team-leader training (岱山); see seed-mediation.ts. */

const DAY = 86_400_000;
const PROVINCES = ['34', '36', '41', '45', '52'] as const;

/** The anti-fraud group (11 members), the police volunteers, outreach and monthly figures. */
export async function seedCorps(ctx: Ctx, pii: PiiCipher, now: Date): Promise<void> {
  const group = await createCorps(ctx, {
    name: '大唐街道老乡反诈团',
    kind: 'anti_fraud',
    regionCode: DATANG,
    description: '由各地老乡骨干组成，用家乡话开展反诈宣传。（成员为示例）',
    foundedOn: '2024-03-01',
  });
  const provinces = ['34', '34', '36', '36', '41', '41', '45', '45', '52', '52', '42'];
  await inBatches(provinces, 6, (province, i) => {
    const [code, name, dialect] = hometownOf(province, i);
    return addCorpsMember(ctx, pii, group.id, {
      name: demoName(200 + i),
      phone: demoPhone(200 + i),
      hometownCode: code,
      hometownName: name,
      dialects: [dialect],
      role: i === 0 ? 'leader' : i === 1 ? 'deputy' : 'member',
      mediatorId: null,
      occupation: i % 3 === 0 ? '袜业企业主' : '务工人员',
      joinedOn: '2024-03-01',
    });
  });
  const police = await createCorps(ctx, {
    name: '大唐街道老乡义警',
    kind: 'police_volunteer',
    regionCode: DATANG,
    description: '协助派出所开展巡逻、矛盾排查和老乡纠纷劝解。（成员为示例）',
    foundedOn: '2022-06-01',
  });
  await inBatches([0, 1, 2, 3, 4, 5, 6, 7], 8, (i) => {
    const [code, name, dialect] = hometownOf(PROVINCES[i % 5]!, i + 3);
    return addCorpsMember(ctx, pii, police.id, {
      name: demoName(220 + i),
      phone: demoPhone(220 + i),
      hometownCode: code,
      hometownName: name,
      dialects: [dialect],
      role: i === 0 ? 'leader' : 'member',
      mediatorId: null,
      occupation: '务工人员',
      joinedOn: '2022-06-01',
    });
  });
  await inBatches(OUTREACH_TOPICS, 6, (topic, i) => {
    const date = new Date(now.getTime() - (i * 30 + 5) * DAY).toISOString().slice(0, 10);
    const [, , dialect] = hometownOf(PROVINCES[i % 5]!, i);
    return createOutreach(ctx, {
      corpsId: group.id,
      regionCode: DATANG_COMMUNITIES[i % 5]!.code,
      date,
      place: `${DATANG_COMMUNITIES[i % 5]!.name}${i % 2 ? '文化礼堂' : '袜业企业车间'}`,
      audience: '外来务工人员',
      reached: 80 + ((i * 37) % 220),
      topic,
      dialect,
      media: i % 2 ? ['lecture', 'leaflet'] : ['short_video', 'wechat_group'],
      views: i % 2 ? null : 3000 + i * 850,
      note: null,
    });
  });
  // Two years of monthly figures, falling as the group's work takes hold (illustrative).
  const csv = ['regionCode,month,alerts,cases,lossYuan'];
  for (let back = 24; back >= 1; back--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    const month = d.toISOString().slice(0, 7);
    const trend = back > 12 ? 1 : 0.72;
    const season = 1 + 0.15 * Math.sin((d.getUTCMonth() / 12) * 2 * Math.PI);
    csv.push(
      `${DATANG},${month},${Math.round(140 * trend * season)},${Math.round(26 * trend * season)},${Math.round(520_000 * trend * season)}`,
    );
  }
  await importAntiFraud(ctx, csv.join('\n'));
}

/** Daishan: 7 batches, 150 team leaders, 35 disputes all settled. */
export async function seedDaishan(ctx: Ctx, pii: PiiCipher): Promise<{ leaders: number; retimes: Retime[] }> {
  const leaders: Mediator[] = [];
  let n = 400;
  for (const [bi, [name, start, count]] of DAISHAN_BATCHES.entries()) {
    const batch = await createTrainingBatch(ctx, {
      name,
      regionCode: DAISHAN,
      startDate: start,
      endDate: new Date(new Date(start).getTime() + 2 * DAY).toISOString().slice(0, 10),
      hours: 16,
      trainer: '岱山县司法局、县人民调解委员会',
      note: null,
    });
    const made = await inBatches(
      Array.from({ length: count }, (_, k) => k),
      8,
      (k) => {
        const i = n + k;
        const [code, hometownName, dialect] = hometownOf(k % 4 === 3 ? '51' : k % 4 === 2 ? '34' : '33', i);
        return createMediator(
          ctx,
          pii,
          MediatorCreate.parse({
            name: demoName(i),
            phone: demoPhone(i),
            hometownCode: code,
            hometownName,
            dialects: [dialect],
            expertise: ['labour_contract', 'wage_arrears', 'neighbour'],
            affiliations: ['team_leader'],
            organizationName: DAISHAN_COMPANIES[(bi + k) % DAISHAN_COMPANIES.length],
            certificationStatus: bi === 6 && k >= 18 ? 'in_training' : 'certified',
            certifiedUntil: '2027-12-31',
            capacity: 2,
            serviceRegionCode: DAISHAN_TOWNSHIPS[(bi + k) % DAISHAN_TOWNSHIPS.length],
            trainingBatchId: batch.id,
          }),
        );
      },
    );
    n += count;
    leaders.push(...made);
  }
  const certified = leaders.filter((l) => l.certificationStatus === 'certified');
  const retimes = await inBatches(
    Array.from({ length: 35 }, (_, k) => k),
    6,
    async (k) => {
      const leader = certified[(k * 4) % certified.length]!;
      const [type, title, description] = DAISHAN_DISPUTES[k % DAISHAN_DISPUTES.length]!;
      const spec: DemoCase = {
        type,
        title,
        description,
        amount: type === 'neighbour' ? null : 2000 + ((k * 1370) % 15000),
        community: 0,
        applicant: { role: 'worker', province: k % 3 ? '33' : '51' },
        respondent: {
          role: type === 'neighbour' ? 'neighbour' : 'employer',
          province: '33',
          kind: type === 'neighbour' ? 'person' : 'organization',
          name: type === 'neighbour' ? undefined : (leader.organizationName ?? undefined),
        },
        status: 'closed',
        ageDays: 30 + k * 22,
        durationDays: 1 + (k % 5),
      };
      const c = await createCase(
        ctx,
        pii,
        CaseCreate.parse({
          type,
          title,
          description,
          amount: spec.amount,
          regionCode: leader.serviceRegionCode,
          parties: [party('applicant', spec.applicant), party('respondent', spec.respondent)],
          fileIncident: false,
        }),
      );
      let d = await assignCase(ctx, pii, c.id, {
        version: c.version,
        mediators: [{ mediatorId: leader.id, forPartyId: null }],
        note: '班组长就地调解',
      });
      const base = {
        note: null,
        terms: [],
        amountAgreed: null,
        performBy: null,
        referralTarget: null,
        satisfied: null,
        performance: null,
      };
      d = await transitionCase(ctx, pii, c.id, {
        ...base,
        action: 'agree',
        version: d.version,
        terms: ['双方当面协商一致，班组长见证', '企业按约定时间兑现'],
        amountAgreed: spec.amount,
      });
      d = await transitionCase(ctx, pii, c.id, {
        ...base,
        action: 'follow_up',
        version: d.version,
        note: '班组长回访，已履行',
        satisfied: true,
        performance: 'performed',
      });
      await transitionCase(ctx, pii, c.id, { ...base, action: 'close', version: d.version });
      return { id: c.id, ageDays: spec.ageDays, durationDays: spec.durationDays };
    },
  );
  return { leaders: leaders.length, retimes };
}
