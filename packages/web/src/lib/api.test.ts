import { describe, expect, it } from 'vitest';
import { withQuery } from './api.ts';

describe('withQuery', () => {
  it('leaves out empty values, because list queries are strict on the server', () => {
    expect(withQuery('/api/accounts', { q: '', role: undefined, region: null, page: 2, disabled: false })).toBe(
      '/api/accounts?page=2&disabled=false',
    );
    expect(withQuery('/api/regions', {})).toBe('/api/regions');
  });

  it('encodes Chinese search text', () => {
    expect(withQuery('/api/regions', { q: '妙西' })).toBe('/api/regions?q=%E5%A6%99%E8%A5%BF');
  });
});
