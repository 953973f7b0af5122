import { describe, expect, it } from 'vitest';
import { detailPathToName } from './errors.ts';

describe('detailPathToName', () => {
  it('maps body paths onto antd form names, numbers as list indexes', () => {
    expect(detailPathToName('body.username')).toEqual(['username']);
    expect(detailPathToName('body.roles.0.regionCode')).toEqual(['roles', 0, 'regionCode']);
  });

  it('ignores paths outside the body', () => {
    expect(detailPathToName('query.page')).toBeNull();
    expect(detailPathToName('body')).toBeNull();
    expect(detailPathToName('')).toBeNull();
  });
});
