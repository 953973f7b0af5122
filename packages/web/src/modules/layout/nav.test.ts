import { describe, expect, it } from 'vitest';
import type { Me, Permission } from '@zhili/contracts';
import { NAV_ITEMS, navKeyOf, visibleNav } from './nav.tsx';

const me = (permissions: Permission[]): Me => ({
  id: crypto.randomUUID(),
  username: 'u',
  displayName: 'U',
  roles: [],
  permissions,
  mustChangePassword: false,
  csrfToken: 't',
});

describe('side menu', () => {
  it('shows only what the caller may open', () => {
    const township = visibleNav(me(['region.read', 'organization.read', 'person.read'])).map((i) => i.key);
    expect(township).toEqual(['home', 'regions', 'organizations']);
    expect(visibleNav(me([])).map((i) => i.key)).toEqual(['home']);
  });

  it('selects the entry with the longest matching path', () => {
    expect(navKeyOf('/regions/import', NAV_ITEMS)).toBe('region-import');
    expect(navKeyOf('/regions', NAV_ITEMS)).toBe('regions');
    expect(navKeyOf('/', NAV_ITEMS)).toBe('home');
    expect(navKeyOf('/regionsx', NAV_ITEMS)).toBeUndefined();
  });
});
