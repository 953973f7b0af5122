/** One leaf of a before/after comparison. */
export interface DiffRow {
  /** Dotted path of the leaf (`roles.0.regionCode`), or `(value)` for a bare scalar. */
  path: string;
  kind: 'added' | 'removed' | 'changed' | 'same';
  before: unknown;
  after: unknown;
}

// Marks a path missing on one side, distinct from a leaf whose value is null or undefined.
const ABSENT: unique symbol = Symbol('absent');

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === 'object' && v !== null;
}

/** Flattens nested objects/arrays to `path → leaf`; empty containers count as leaves. */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isContainer(value)) {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (entries.length === 0) {
      out.set(prefix || '(value)', value);
      return;
    }
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  out.set(prefix || '(value)', value);
}

function sameLeaf(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Leaf-by-leaf comparison of an audit entry's `before` and `after`. A create has no before
 * (every leaf added); a delete has no after (every leaf removed). Rows keep the order in which
 * paths first appear, before's first.
 */
export function diffJson(before: unknown, after: unknown): DiffRow[] {
  const b = new Map<string, unknown>();
  const a = new Map<string, unknown>();
  if (before !== null && before !== undefined) flatten(before, '', b);
  if (after !== null && after !== undefined) flatten(after, '', a);
  const paths = [...new Set([...b.keys(), ...a.keys()])];
  return paths.map((path) => {
    const bv: unknown = b.has(path) ? b.get(path) : ABSENT;
    const av: unknown = a.has(path) ? a.get(path) : ABSENT;
    const kind: DiffRow['kind'] =
      bv === ABSENT ? 'added' : av === ABSENT ? 'removed' : sameLeaf(bv, av) ? 'same' : 'changed';
    return { path, kind, before: bv === ABSENT ? undefined : bv, after: av === ABSENT ? undefined : av };
  });
}
