import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import dayjs, { type Dayjs } from 'dayjs';
import {
  choice,
  dayRange,
  decodeFilters,
  decodePosition,
  emptyFilters,
  encodeList,
  flag,
  id,
  int,
  listHref,
  oneOf,
  someOf,
  text,
  type FiltersOf,
} from './listParams.ts';

const STATUSES = ['open', 'closed', 'on_hold'] as const;
const SCHEMA = {
  q: text(),
  status: someOf(STATUSES),
  level: oneOf(['low', 'high'] as const),
  sort: choice(['new', 'old'] as const, 'new'),
  region: id(null),
  pool: id(),
  overdue: flag(),
  active: flag(true),
  limit: int(7, 1, 99),
  range: dayRange(),
};
type Filters = FiltersOf<typeof SCHEMA>;

const decode = (qs: string, prefix = '') => decodeFilters(SCHEMA, new URLSearchParams(qs), prefix);
const encode = (f: Filters, prefix = '', page = 1, pageSize = 20) =>
  encodeList(SCHEMA, new URLSearchParams(), f, { page, pageSize }, 20, prefix).toString();
const DEFAULTS = emptyFilters(SCHEMA);

const day = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => dayjs(d.toISOString().slice(0, 10)));
const code = fc.stringMatching(/^[\w.:-]{1,100}$/);
const filters: fc.Arbitrary<Filters> = fc.record({
  q: fc.string({ maxLength: 200 }),
  status: fc.uniqueArray(fc.constantFrom(...STATUSES)),
  level: fc.constantFrom('low' as const, 'high' as const, undefined),
  sort: fc.constantFrom('new' as const, 'old' as const),
  region: fc.option(code, { nil: null }),
  pool: fc.option(code, { nil: undefined }),
  overdue: fc.boolean(),
  active: fc.boolean(),
  limit: fc.integer({ min: 1, max: 99 }),
  range: fc.option(
    fc.tuple(day, day).map(([a, b]): [Dayjs, Dayjs] => (a.isAfter(b) ? [b, a] : [a, b])),
    { nil: null },
  ),
});
/** Dayjs objects compared by the day they stand for. */
const comparable = (f: Filters) => ({ ...f, range: f.range?.map((d) => d.format('YYYY-MM-DD')) ?? null });

describe('list URL parameters', () => {
  it('reads back every valid filters object it writes', () => {
    fc.assert(
      fc.property(filters, fc.constantFrom('', 'b.'), (f, prefix) => {
        expect(comparable(decode(encode(f, prefix), prefix))).toEqual(comparable(f));
      }),
    );
  });

  it('writes nothing for the default view', () => {
    expect(encode(DEFAULTS)).toBe('');
    expect(listHref('/x', SCHEMA, {})).toBe('/x');
  });

  it('writes only what differs from the defaults, lists as a repeated parameter', () => {
    expect(encode({ ...DEFAULTS, status: ['open', 'on_hold'], overdue: true, active: false }, '', 3, 50)).toBe(
      'status=open&status=on_hold&overdue=true&active=false&page=3&pageSize=50',
    );
    expect(listHref('/x', SCHEMA, { range: [dayjs('2026-01-02'), dayjs('2026-02-03')] })).toBe(
      '/x?range=2026-01-02&range=2026-02-03',
    );
  });

  it('reads a hand-written link', () => {
    expect(decode('q=%E6%B0%B4&status=closed&level=high&sort=old&region=330383&overdue=true&limit=9')).toEqual({
      ...DEFAULTS,
      q: '水',
      status: ['closed'],
      level: 'high',
      sort: 'old',
      region: '330383',
      overdue: true,
      limit: 9,
    });
  });

  it.each([
    ['level=urgent', 'a value outside the set'],
    ['sort=sideways', 'an unknown sort'],
    ['overdue=yes&active=0', 'booleans other than true/false'],
    ['limit=abc', 'a number that is not one'],
    ['limit=1e3', 'a number in exponent form'],
    ['limit=100', 'a number out of range'],
    ['limit=3&limit=4', 'a repeated single value'],
    ['region=a%20b&pool=%3Cscript%3E', 'ids with spaces or markup'],
    [`q=${'x'.repeat(201)}`, 'an overlong search'],
    ['range=2026-01-01', 'half a range'],
    ['range=2026-02-31&range=2026-03-01', 'a date that does not exist'],
    ['range=2026-03-01&range=2026-02-01', 'a range ending before it starts'],
    ['range=yesterday&range=today', 'words for dates'],
    ['status=junk&status=&constructor=1&__proto__=x', 'unknown statuses and keys'],
  ])('ignores %s (%s)', (qs) => {
    expect(comparable(decode(qs))).toEqual(comparable(DEFAULTS));
  });

  it('keeps the known values of a list and drops the rest and repeats', () => {
    expect(decode('status=open&status=junk&status=open&status=closed').status).toEqual(['open', 'closed']);
  });

  it('never throws on arbitrary query strings and always yields values of the right kinds', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(fc.tuple(fc.constantFrom(...Object.keys(SCHEMA), 'page', 'x'), fc.string())),
        (raw, pairs) => {
          for (const params of [new URLSearchParams(raw), new URLSearchParams(pairs)]) {
            const f = decodeFilters(SCHEMA, params);
            expect(typeof f.q).toBe('string');
            expect(f.status.every((s) => STATUSES.includes(s))).toBe(true);
            expect([undefined, 'low', 'high']).toContain(f.level);
            expect(['new', 'old']).toContain(f.sort);
            expect(typeof f.overdue).toBe('boolean');
            expect(Number.isInteger(f.limit) && f.limit >= 1 && f.limit <= 99).toBe(true);
            expect(f.range === null || (f.range[0].isValid() && !f.range[1].isBefore(f.range[0]))).toBe(true);
            const pos = decodePosition(params, 20);
            expect(Number.isInteger(pos.page) && pos.page >= 1).toBe(true);
            expect([10, 20, 50, 100]).toContain(pos.pageSize);
          }
        },
      ),
    );
  });

  it('reads page and page size, refusing sizes the list does not offer', () => {
    const pos = (qs: string, prefix = '') => decodePosition(new URLSearchParams(qs), 20, prefix);
    expect(pos('')).toEqual({ page: 1, pageSize: 20 });
    expect(pos('page=4&pageSize=50')).toEqual({ page: 4, pageSize: 50 });
    expect(pos('page=0&pageSize=37')).toEqual({ page: 1, pageSize: 20 });
    expect(pos('page=-2&pageSize=100000')).toEqual({ page: 1, pageSize: 20 });
    expect(pos('page=2.5')).toEqual({ page: 1, pageSize: 20 });
    expect(decodePosition(new URLSearchParams('pageSize=50'), 50)).toEqual({ page: 1, pageSize: 50 });
  });

  it('keeps two lists on one screen apart by prefix and leaves other parameters alone', () => {
    const start = new URLSearchParams('tab=pools&a.q=x&a.page=2&other=1');
    const next = encodeList(SCHEMA, start, { ...DEFAULTS, q: 'y', overdue: true }, { page: 1, pageSize: 20 }, 20, 'b.');
    expect(next.toString()).toBe('tab=pools&a.q=x&a.page=2&other=1&b.q=y&b.overdue=true');
    expect(decodeFilters(SCHEMA, next, 'a.').q).toBe('x');
    expect(decodeFilters(SCHEMA, next, 'b.')).toMatchObject({ q: 'y', overdue: true });
    expect(decodePosition(next, 20, 'a.').page).toBe(2);
    expect(decodePosition(next, 20, 'b.').page).toBe(1);
    // Back to the defaults removes this list's parameters only.
    const cleared = encodeList(SCHEMA, next, DEFAULTS, { page: 1, pageSize: 20 }, 20, 'a.');
    expect(cleared.toString()).toBe('tab=pools&other=1&b.q=y&b.overdue=true');
  });
});
