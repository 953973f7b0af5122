import dayjs, { type Dayjs } from 'dayjs';

/**
 * How one filter of a list screen lives in the URL: its value when the URL says nothing, how it
 * is written, and how it is read back. `decode` returns `undefined` for a value it does not
 * accept, so a hand-edited or stale link falls back to the default instead of crashing the page
 * or sending junk to the API. A default is never written (a clean URL for the default view).
 */
export interface FieldCodec<T> {
  /** The value when the URL has no (acceptable) parameter for this field. */
  readonly empty: T;
  /** The parameter values for `value` (repeated `?k=a&k=b` for lists); `[]` writes nothing. */
  encode(value: T): string[];
  /** The value of the parameter values, or `undefined` when they are not acceptable. */
  decode(raw: string[]): T | undefined;
}

/** The filters of a list screen, one codec per field; declare it once at module level. */
export type ListSchema = Record<string, FieldCodec<unknown>>;

/** The filters object a schema describes. */
export type FiltersOf<S extends ListSchema> = { [K in keyof S]: S[K] extends FieldCodec<infer T> ? T : never };

/** Page and page size of a list, next to its filters. */
export interface ListPosition {
  page: number;
  pageSize: number;
}

/** The page sizes a list offers (the pagination's size changer); any other size in a URL is ignored. */
export const PAGE_SIZES: readonly number[] = [10, 20, 50, 100];

/** No list has anywhere near this many pages; a larger number in a URL is a typo or junk. */
const MAX_PAGE = 100_000;
/** Longest free text kept from a URL: longer is not a search anyone typed. */
const MAX_TEXT = 200;

const single = (raw: string[]): string | undefined => (raw.length === 1 ? raw[0] : undefined);

/** Free text (a search box), `''` when absent. */
export function text(): FieldCodec<string> {
  return {
    empty: '',
    encode: (v) => (v === '' ? [] : [v]),
    decode: (raw) => {
      const v = single(raw);
      return v !== undefined && v.length <= MAX_TEXT ? v : undefined;
    },
  };
}

/** An identifier or code picked from a list (region code, pool id), absent as `undefined` or `null`. */
export function id(): FieldCodec<string | undefined>;
export function id(empty: null): FieldCodec<string | null>;
export function id(empty?: null): FieldCodec<string | undefined> | FieldCodec<string | null> {
  const decode = (raw: string[]) => {
    const v = single(raw);
    // Codes and ids are short and have no spaces or control characters.
    return v !== undefined && /^[\w.:-]{1,100}$/.test(v) ? v : undefined;
  };
  return empty === null
    ? { empty: null, encode: (v: string | null) => (v === null ? [] : [v]), decode }
    : { empty: undefined, encode: (v: string | undefined) => (v === undefined ? [] : [v]), decode };
}

/** An on/off switch, written only when it differs from its default. */
export function flag(empty = false): FieldCodec<boolean> {
  return {
    empty,
    encode: (v) => (v === empty ? [] : [String(v)]),
    decode: (raw) => {
      const v = single(raw);
      return v === 'true' ? true : v === 'false' ? false : undefined;
    },
  };
}

/** A whole number within `[min, max]`. */
export function int(empty: number, min = 0, max = Number.MAX_SAFE_INTEGER): FieldCodec<number> {
  return {
    empty,
    encode: (v) => (v === empty ? [] : [String(v)]),
    decode: (raw) => {
      const v = single(raw);
      if (v === undefined || !/^-?\d{1,16}$/.test(v)) return undefined;
      const n = Number(v);
      return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
    },
  };
}

/** One of a fixed set of values (a status, a role), `undefined` when none is picked. */
export function oneOf<T extends string>(values: readonly T[]): FieldCodec<T | undefined> {
  return {
    empty: undefined,
    encode: (v) => (v === undefined ? [] : [v]),
    decode: (raw) => {
      const v = single(raw);
      return values.find((x) => x === v);
    },
  };
}

/** One of a fixed set of values that always has one (a sort order), `empty` by default. */
export function choice<T extends string>(values: readonly T[], empty: T): FieldCodec<T> {
  return {
    empty,
    encode: (v) => (v === empty ? [] : [v]),
    decode: (raw) => {
      const v = single(raw);
      return values.find((x) => x === v);
    },
  };
}

/**
 * Any number of a fixed set of values (statuses), as a repeated parameter. Unknown values are
 * dropped one by one and duplicates once, so `?status=reported&status=junk` still filters.
 */
export function someOf<T extends string>(values: readonly T[]): FieldCodec<T[]> {
  return {
    empty: [],
    encode: (v) => [...v],
    decode: (raw) => {
      const known = raw.flatMap((r) => values.filter((x) => x === r));
      return [...new Set(known)];
    },
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A range of whole days, `?k=2026-01-01&k=2026-01-31`, read as the start of each day in the
 * user's time zone (the screens filter by whole days); `null` when none is picked.
 */
export function dayRange(): FieldCodec<[Dayjs, Dayjs] | null> {
  return {
    empty: null,
    encode: (v) => (v === null ? [] : [v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')]),
    decode: (raw) => {
      if (raw.length !== 2 || !raw.every((r) => DAY.test(r))) return undefined;
      const [from, to] = raw.map((r) => dayjs(r)) as [Dayjs, Dayjs];
      // dayjs rolls 2026-02-31 over to March; refuse dates that do not read back the same.
      if (!from.isValid() || !to.isValid() || from.format('YYYY-MM-DD') !== raw[0]) return undefined;
      if (to.format('YYYY-MM-DD') !== raw[1] || to.isBefore(from)) return undefined;
      return [from, to];
    },
  };
}

/** The parameter names of a list: `<prefix><field>`, and `<prefix>page` / `<prefix>pageSize`. */
export function paramNames<S extends ListSchema>(schema: S, prefix = ''): string[] {
  return [...Object.keys(schema), 'page', 'pageSize'].map((k) => prefix + k);
}

/** This list's part of `params`, as a canonical query string (equal strings, equal state). */
export function ownPart<S extends ListSchema>(schema: S, params: URLSearchParams, prefix = ''): string {
  const own = new URLSearchParams();
  for (const k of paramNames(schema, prefix)) for (const v of params.getAll(k)) own.append(k, v);
  return own.toString();
}

/** The defaults of a schema: the filters of a clean URL. */
export function emptyFilters<S extends ListSchema>(schema: S): FiltersOf<S> {
  return Object.fromEntries(Object.entries(schema).map(([k, c]) => [k, c.empty])) as FiltersOf<S>;
}

/** Reads the filters of a list from URL parameters; what is missing or not acceptable is its default. */
export function decodeFilters<S extends ListSchema>(schema: S, params: URLSearchParams, prefix = ''): FiltersOf<S> {
  return Object.fromEntries(
    Object.entries(schema).map(([k, c]) => {
      const raw = params.getAll(prefix + k);
      return [k, raw.length === 0 ? c.empty : (c.decode(raw) ?? c.empty)];
    }),
  ) as FiltersOf<S>;
}

/** Reads page and page size; the size must be one the list offers (or its own default). */
export function decodePosition(params: URLSearchParams, defaultPageSize: number, prefix = ''): ListPosition {
  const page = int(1, 1, MAX_PAGE).decode(params.getAll(prefix + 'page')) ?? 1;
  const size = int(defaultPageSize, 1, 500).decode(params.getAll(prefix + 'pageSize'));
  const pageSize =
    size !== undefined && (PAGE_SIZES.includes(size) || size === defaultPageSize) ? size : defaultPageSize;
  return { page, pageSize };
}

/**
 * Writes filters and position into a copy of `params`, leaving other parameters (another list's
 * prefix, unrelated keys) alone; defaults are removed rather than written.
 */
export function encodeList<S extends ListSchema>(
  schema: S,
  params: URLSearchParams,
  filters: FiltersOf<S>,
  position: ListPosition,
  defaultPageSize: number,
  prefix = '',
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [k, c] of Object.entries(schema)) {
    next.delete(prefix + k);
    for (const v of c.encode(filters[k])) next.append(prefix + k, v);
  }
  next.delete(prefix + 'page');
  next.delete(prefix + 'pageSize');
  if (position.page !== 1) next.set(prefix + 'page', String(position.page));
  if (position.pageSize !== defaultPageSize) next.set(prefix + 'pageSize', String(position.pageSize));
  return next;
}

/** A link to a list screen showing `filters` (only the fields given; the rest stay default). */
export function listHref<S extends ListSchema>(path: string, schema: S, filters: Partial<FiltersOf<S>>): string {
  const params = encodeList(
    schema,
    new URLSearchParams(),
    { ...emptyFilters(schema), ...filters },
    { page: 1, pageSize: 0 },
    0,
  );
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
