import { describe, expect, it } from 'vitest';
import { importRowErrors } from './importErrors.ts';

describe('importRowErrors', () => {
  it('splits `line N.field` paths and sorts by line, keeping other paths whole', () => {
    const sut = importRowErrors([
      { path: 'line 17.code', code: 'invalid', message: 'invalid region code' },
      { path: 'body', code: 'header', message: 'missing header' },
      { path: 'line 3', code: 'columns', message: 'expected 4 columns' },
      { path: 'line 3.parent_code', code: 'unknown', message: 'unknown parent' },
    ]);
    expect(sut.map((r) => [r.line, r.field, r.message])).toEqual([
      [3, '', 'expected 4 columns'],
      [3, 'parent_code', 'unknown parent'],
      [17, 'code', 'invalid region code'],
      [null, 'body', 'missing header'],
    ]);
  });
});
