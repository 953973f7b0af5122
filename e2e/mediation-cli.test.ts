import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from './zhili-process.ts';

interface ProfileJson {
  assignments: {
    case: string;
    mediator: string;
    score: number;
    parts: { key: string; points: number; reasonZh: string }[];
  }[];
  unassigned: string[];
  total: number;
}

/** `zhili mediation assign` as a planner runs it: files in, an assignment out, no database. */
// Each run starts the bundled CLI; on a loaded machine that takes seconds.
describe('zhili mediation assign', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zhili-mediation-'));
  const file = (name: string, json: unknown) => {
    const p = path.join(dir, name);
    writeFileSync(p, typeof json === 'string' ? json : JSON.stringify(json));
    return p;
  };
  const zhili = (...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, 'mediation', 'assign', ...args], {
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const problem = {
    cases: ['c1', 'c2', 'c3'],
    mediators: [
      { id: 'm1', capacity: 1 },
      { id: 'm2', capacity: 1 },
    ],
    scores: [
      [90, 60],
      [80, null],
      [null, 70],
    ],
  };

  it('solves a plain problem: most cases, then the largest total, to --out', () => {
    const out = path.join(dir, 'assignment.json');
    const r = zhili('--problem', file('problem.json', problem), '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('assigned 2, unassigned 1, total 160');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({
      assignments: [
        { case: 'c1', mediator: 'm1' },
        { case: 'c3', mediator: 'm2' },
      ],
      unassigned: ['c2'],
      total: 160,
    });
  });

  it('prints to stdout without --out', () => {
    const r = zhili('--problem', file('problem.json', problem));
    expect(r.code, r.err).toBe(0);
    expect((JSON.parse(r.out) as { total: number }).total).toBe(160);
  });

  it.each([
    [
      'a wrong score',
      {
        ...problem,
        scores: [
          [90, 60],
          [80, 'x'],
          [null, 70],
        ],
      },
      'scores[1][1]: 应为数字或 null / expected a number or null',
    ],
    ['a ragged row', { ...problem, scores: [[90, 60], [80], [null, 70]] }, 'scores[1]: 应有 2 项'],
    ['a missing row', { ...problem, scores: [[90, 60]] }, 'scores: 应有 3 行'],
    ['a duplicate case', { ...problem, cases: ['c1', 'c2', 'c1'] }, 'cases[2]: 编号重复 "c1"（同 cases[0]）'],
    [
      'a negative capacity',
      { ...problem, mediators: [{ id: 'm1', capacity: -1 }, problem.mediators[1]] },
      'mediators[0].capacity: 应为非负整数',
    ],
    [
      'a fractional capacity',
      { ...problem, mediators: [{ id: 'm1', capacity: 1.5 }, problem.mediators[1]] },
      'mediators[0].capacity: 应为非负整数',
    ],
    ['not JSON', '{"cases": [', '不是合法的 JSON / not valid JSON'],
  ])('refuses %s with exit code 2, naming the path', (_what, json, message) => {
    const r = zhili('--problem', file('bad.json', json));
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });

  const cases = [
    {
      id: 'injury-1',
      type: 'labour_injury',
      parties: [
        { name: '王某', role: 'worker', hometown: '341221', dialects: ['皖北话'] },
        { name: '某公司', role: 'employer', hometown: '420102', dialects: ['武汉话'] },
      ],
      lat: 30.215,
      lng: 120.243,
    },
    {
      id: 'wage-1',
      type: 'wage_arrears',
      parties: [{ hometown: '360102', dialects: ['赣语'] }],
      lat: 30.2,
      lng: 120.25,
    },
    { id: 'family-1', type: 'family', parties: [{ hometown: '520102' }] },
  ];
  const mediators = [
    {
      id: 'li',
      name: '李调解',
      hometown: '341221',
      dialects: ['皖北话', '普通话'],
      expertise: ['labour_injury'],
      lat: 30.21,
      lng: 120.24,
      openCases: 1,
      capacity: 2,
      history: { labour_injury: { settled: 18, total: 20 } },
      availableInDays: 1,
    },
    { id: 'chen', hometown: '360102', dialects: ['赣语'], expertise: ['wage_arrears'], capacity: 1 },
    { id: 'busy', hometown: '341221', dialects: ['皖北话'], expertise: ['labour_injury'], openCases: 2, capacity: 2 },
    { id: 'away', hometown: '520102', capacity: 2, availableInDays: 30, certified: false },
  ];

  it('scores profiles and explains every assignment', () => {
    const r = zhili('--cases', file('cases.json', cases), '--mediators', file('mediators.json', mediators));
    expect(r.code, r.err).toBe(0);
    const sut = JSON.parse(r.out) as ProfileJson;
    expect(sut.assignments.map((a) => [a.case, a.mediator])).toEqual([
      ['injury-1', 'li'],
      ['wage-1', 'chen'],
    ]);
    // li and chen have one free slot each, 'busy' is full, 'away' not available within 7 days.
    expect(sut.unassigned).toEqual(['family-1']);
    const injury = sut.assignments[0]!;
    expect(injury.parts.find((p) => p.key === 'hometown')!.reasonZh).toContain('当事人1：同县老乡（安徽省 341221）');
    expect(sut.total).toBeCloseTo(
      sut.assignments.reduce((s, a) => s + a.score, 0),
      6,
    );
  });

  it('widens the horizon with --within-days and takes weights from a file', () => {
    const weights = file('weights.json', { hometown: 60 });
    const r = zhili(
      '--cases',
      file('cases.json', cases),
      '--mediators',
      file('mediators.json', mediators),
      '--within-days',
      '30',
      '--weights',
      weights,
    );
    expect(r.code, r.err).toBe(0);
    const sut = JSON.parse(r.out) as ProfileJson;
    expect(sut.assignments.find((a) => a.case === 'family-1')?.mediator).toBe('away');
    expect(sut.assignments[0]!.parts.find((p) => p.key === 'hometown')!.points).toBe(30);
  });

  it('refuses malformed profiles with exit code 2, naming file and path', () => {
    const badCases = file('bad-cases.json', [{ ...cases[0], parties: [{ hometown: 'Anhui' }] }]);
    const r = zhili(
      '--cases',
      badCases,
      '--mediators',
      file('bad-mediators.json', [{ ...mediators[0], capacity: -2 }, mediators[0]]),
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad-cases.json: [0].parties[0].hometown: 应为 GB/T 2260 行政区划代码');
    const m = zhili(
      '--cases',
      file('cases.json', cases),
      '--mediators',
      file('bad-mediators.json', [{ ...mediators[0], capacity: -2 }, mediators[0]]),
    );
    expect(m.code).toBe(2);
    expect(m.err).toContain('[0].capacity: 应为非负整数 / expected a non-negative integer');
    expect(m.err).toContain('[1].id: 编号重复 "li"（同 [0].id）');
    expect(zhili('--cases', file('cases.json', cases)).code).toBe(2);
    expect(
      zhili(
        '--cases',
        file('cases.json', cases),
        '--mediators',
        file('mediators.json', mediators),
        '--within-days',
        '-1',
      ).code,
    ).toBe(2);
  });
});
