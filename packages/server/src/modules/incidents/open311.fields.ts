import type { ErrorDetail, ServiceAttribute } from '@zhili/contracts';

/**
 * Reading Open311 arguments: single and list fields as the spec treats them, attribute values
 * checked against a service definition, and the reporter's name. No I/O.
 */

export type Open311Fields = Record<string, string | string[] | undefined>;

/** A single-valued field; repeated keys keep the first, empty strings count as absent (spec: "Optional Arguments"). */
export function field(f: Open311Fields, name: string): string | undefined {
  const v = f[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === '' ? undefined : s.trim();
}

/** Comma-delimited (and repeated) values of a list field. */
export function listField(f: Open311Fields, name: string): string[] | undefined {
  const v = f[name];
  if (v === undefined) return undefined;
  const items = (Array.isArray(v) ? v : [v])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

/** One problem of a request, at the Open311 argument it concerns. */
export function bad(path: string, message: string, code = 'invalid'): ErrorDetail {
  return { path, code, message };
}

/** `attribute[code]=v` and `attribute[code][]=v` (repeatable) → values by code. */
export function attributeValues(f: Open311Fields): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, raw] of Object.entries(f)) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (!m?.[1] || raw === undefined) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => v.trim()).filter((v) => v !== '');
    out.set(m[1], [...(out.get(m[1]) ?? []), ...values]);
  }
  return out;
}

/** Checks attribute values against the service definition; returns the intake's attribute map. */
export function checkAttributes(
  defs: readonly ServiceAttribute[],
  given: Map<string, string[]>,
  problems: ErrorDetail[],
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const byCode = new Map(defs.map((d) => [d.code, d]));
  for (const code of given.keys()) {
    if (!byCode.get(code)?.variable)
      problems.push(bad(`attribute[${code}]`, `unknown attribute ${code}`, 'unknown_attribute'));
  }
  for (const d of defs) {
    if (!d.variable) continue;
    const at = `attribute[${d.code}]`;
    const values = given.get(d.code) ?? [];
    if (values.length === 0) {
      if (d.required) problems.push(bad(at, `required attribute ${d.code} is missing`, 'required'));
      continue;
    }
    if (d.datatype !== 'multivaluelist' && values.length > 1) {
      problems.push(bad(at, `attribute ${d.code} takes one value`, 'single_value'));
      continue;
    }
    const keys = new Set(d.values.map((v) => v.key));
    const first = values[0] ?? '';
    if (d.datatype === 'singlevaluelist' || d.datatype === 'multivaluelist') {
      const wrong = values.filter((v) => !keys.has(v));
      if (wrong.length) problems.push(bad(at, `not a value of ${d.code}: ${wrong.join(', ')}`, 'not_in_list'));
    } else if (d.datatype === 'number' && !Number.isFinite(Number(first))) {
      problems.push(bad(at, `attribute ${d.code} must be a number`, 'not_a_number'));
    } else if (d.datatype === 'datetime' && Number.isNaN(Date.parse(first))) {
      problems.push(bad(at, `attribute ${d.code} must be an ISO 8601 datetime`, 'not_a_datetime'));
    } else if (d.datatype === 'string' && /[\r\n]/.test(first)) {
      problems.push(bad(at, `attribute ${d.code} is a single line`, 'line_break'));
    }
    out[d.code] = d.datatype === 'multivaluelist' ? values : first;
  }
  return out;
}

/** Family name first for Chinese names (张 + 三 = 张三), "given family" otherwise. */
export function fullName(first: string | undefined, last: string | undefined): string | null {
  if (!first && !last) return null;
  if (!first || !last) return (first ?? last) as string;
  return /[\u3400-\u9fff]/.test(first + last) ? `${last}${first}` : `${first} ${last}`;
}
