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

  it('hides the region screens from staff whose every role is limited to one organization', () => {
    const role = (organizationId: string | null) => ({
      id: crypto.randomUUID(),
      role: 'department_staff' as const,
      regionCode: '330383',
      regionName: '龙港市',
      regionPath: '33/3303/330383',
      organizationId,
      organizationName: organizationId ? '龙港市综合行政执法局' : null,
    });
    const perms: Permission[] = ['region.read', 'organization.read'];
    const department = { ...me(perms), roles: [role(crypto.randomUUID())] };
    expect(visibleNav(department).map((i) => i.key)).toEqual(['home', 'organizations']);
    const alsoRegionWide = { ...me(perms), roles: [role(crypto.randomUUID()), role(null)] };
    expect(visibleNav(alsoRegionWide).map((i) => i.key)).toEqual(['home', 'regions', 'organizations']);
  });

  it('selects the entry with the longest matching path', () => {
    expect(navKeyOf('/regions/import', NAV_ITEMS)).toBe('region-import');
    expect(navKeyOf('/regions', NAV_ITEMS)).toBe('regions');
    expect(navKeyOf('/', NAV_ITEMS)).toBe('home');
    expect(navKeyOf('/regionsx', NAV_ITEMS)).toBeUndefined();
  });
});
