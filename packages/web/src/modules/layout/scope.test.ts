import { describe, expect, it } from 'vitest';
import type { Me, RoleAssignment } from '@zhili/contracts';
import { ALL_SCOPE_KEY, scopeOptionsOf } from './scope.tsx';

const role = (over: Partial<RoleAssignment>): RoleAssignment => ({
  id: crypto.randomUUID(),
  role: 'township_staff',
  regionCode: null,
  regionName: null,
  regionPath: null,
  organizationId: null,
  organizationName: null,
  ...over,
});

const me = (roles: RoleAssignment[]): Me => ({
  id: crypto.randomUUID(),
  username: 'u',
  displayName: 'U',
  roles,
  permissions: [],
  mustChangePassword: false,
  csrfToken: 't',
});

describe('scopeOptionsOf', () => {
  it('lists each region once, unlimited first, then shallower before deeper', () => {
    const sut = scopeOptionsOf(
      me([
        role({ regionCode: '330502102', regionName: '妙西镇', regionPath: '33/3305/330502/330502102' }),
        role({
          role: 'grid_worker',
          regionCode: '330502102',
          regionName: '妙西镇',
          regionPath: '33/3305/330502/330502102',
        }),
        role({ regionCode: '330502', regionName: '吴兴区', regionPath: '33/3305/330502' }),
        role({ role: 'admin' }),
      ]),
    );
    expect(sut.map((o) => o.key)).toEqual([ALL_SCOPE_KEY, '330502', '330502102']);
  });

  it('names an organization-only scope after the organization', () => {
    const [only] = scopeOptionsOf(me([role({ organizationId: crypto.randomUUID(), organizationName: '大唐商会' })]));
    expect(only).toMatchObject({ key: ALL_SCOPE_KEY, organizationName: '大唐商会', regionCode: null });
  });
});
