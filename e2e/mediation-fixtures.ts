import type { CaseDetail, CaseSummary, Mediator, Page as ListPage } from '@zhili/contracts';
import type { loginClient } from './zhili-process.ts';

/** The API fixtures of the mediation browser test: the Anhui-versus-Hubei injury case. */

/** 大唐街道. */
export const DATANG = '330681005';

export type Client = Awaited<ReturnType<typeof loginClient>>;

/** The body of a successful answer; throws with the status and body otherwise. */
export async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** The demo's Anhui-worker-versus-Hubei-employer injury case, still waiting for a mediator. */
export async function findInjuryCase(api: Client): Promise<CaseDetail | null> {
  const list = await json<ListPage<CaseSummary>>(
    await api.call('GET', '/api/mediation/cases?type=labour_injury&crossProvince=true&status=registered&pageSize=100'),
  );
  for (const c of list.items) {
    const d = await json<CaseDetail>(await api.call('GET', `/api/mediation/cases/${c.id}`));
    const provinces = new Set(d.parties.map((p) => p.hometown?.provinceCode));
    if (provinces.has('34') && provinces.has('42')) return d;
  }
  return null;
}

/** Without the demo seed, the same situation is made through the API: mediators from both provinces and the case. */
export async function makeInjuryCase(api: Client): Promise<CaseDetail> {
  const mediator = (name: string, hometownCode: string, dialect: string) => ({
    name,
    hometownCode,
    dialects: [dialect],
    expertise: ['labour_injury', 'wage_arrears'],
    affiliations: ['chamber_of_commerce'],
    certificationStatus: 'certified',
    capacity: 5,
    serviceRegionCode: DATANG,
    availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '08:00', to: '21:00' })),
  });
  for (const [province, body] of [
    ['34', mediator('王安徽（e2e）', '341221', '皖北话')],
    ['42', mediator('李湖北（e2e）', '420111', '湖北话')],
  ] as const) {
    const have = await json<ListPage<Mediator>>(
      await api.call('GET', `/api/mediation/mediators?hometown=${province}&hasCapacity=true&active=true`),
    );
    if (have.total === 0) await json<Mediator>(await api.call('POST', '/api/mediation/mediators', body));
  }
  return json<CaseDetail>(
    await api.call('POST', '/api/mediation/cases', {
      type: 'labour_injury',
      title: '安徽籍务工人员与湖北籍老板工伤赔偿纠纷（待匹配）',
      description: '工人在车间受伤，双方就医疗费和误工费协商未果。',
      amount: 38000,
      regionCode: `${DATANG}001`,
      fileIncident: false,
      parties: [
        { name: '张某（示例）', side: 'applicant', role: 'worker', hometownCode: '341221', dialects: ['皖北话'] },
        {
          name: '某袜业公司（示例）',
          side: 'respondent',
          role: 'employer',
          kind: 'organization',
          hometownCode: '420111',
          dialects: ['湖北话'],
        },
      ],
    }),
  );
}
