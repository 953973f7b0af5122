import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffJson } from './jsonDiff.ts';

describe('diffJson', () => {
  it('marks changed, added and removed leaves by dotted path', () => {
    const sut = diffJson(
      { name: '妙西镇', roles: [{ role: 'admin' }], phone: '138' },
      { name: '妙西镇 ', roles: [{ role: 'admin' }, { role: 'leader' }] },
    );
    expect(sut).toEqual([
      { path: 'name', kind: 'changed', before: '妙西镇', after: '妙西镇 ' },
      { path: 'roles.0.role', kind: 'same', before: 'admin', after: 'admin' },
      { path: 'phone', kind: 'removed', before: '138', after: undefined },
      { path: 'roles.1.role', kind: 'added', before: undefined, after: 'leader' },
    ]);
  });

  it('treats a create (no before) as all added and a delete (no after) as all removed', () => {
    expect(diffJson(null, { a: 1 }).map((r) => r.kind)).toEqual(['added']);
    expect(diffJson({ a: 1, b: [] }, null).map((r) => r.kind)).toEqual(['removed', 'removed']);
  });

  it('keeps bare scalars and empty containers as leaves', () => {
    expect(diffJson(1, 2)).toEqual([{ path: '(value)', kind: 'changed', before: 1, after: 2 }]);
    expect(diffJson({ a: {} }, { a: {} })).toEqual([{ path: 'a', kind: 'same', before: {}, after: {} }]);
  });

  it('finds no change between a value and itself, and lists each path once', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const rows = diffJson(v, v);
        expect(rows.every((r) => r.kind === 'same')).toBe(true);
        expect(new Set(rows.map((r) => r.path)).size).toBe(rows.length);
      }),
    );
  });

  it('is symmetric: swapping before and after swaps added and removed', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const flip = { added: 'removed', removed: 'added', changed: 'changed', same: 'same' } as const;
        const forward = new Map(diffJson(a, b).map((r) => [r.path, r.kind]));
        const backward = new Map(diffJson(b, a).map((r) => [r.path, flip[r.kind]]));
        expect(backward).toEqual(forward);
      }),
    );
  });
});
