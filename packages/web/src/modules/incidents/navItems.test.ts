import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type Me, type Role } from '@zhili/contracts';
import { navKeyOf, NAV_ITEMS, visibleNav } from '../layout/nav.tsx';

const me = (role: Role): Me => ({
  id: crypto.randomUUID(),
  username: 'u',
  displayName: 'U',
  roles: [],
  permissions: [...ROLE_PERMISSIONS[role]],
  mustChangePassword: false,
  csrfToken: 't',
});
const incidentKeys = (role: Role) =>
  visibleNav(me(role))
    .map((i) => i.key)
    .filter((k) => k.startsWith('incident'));

describe('incident menu entries', () => {
  it('gives a resident the report form and their own reports only', () => {
    expect(incidentKeys('resident')).toEqual(['incident-report', 'incident-mine']);
  });

  it('gives a grid worker the board, tasks, report and stats, but not "my reports"', () => {
    expect(incidentKeys('grid_worker')).toEqual(['incidents', 'incident-tasks', 'incident-report', 'incident-stats']);
  });

  it('gives a dispatcher the hotline form and the settings', () => {
    expect(incidentKeys('dispatcher')).toContain('incident-hotline');
    expect(incidentKeys('dispatcher')).toContain('incident-config');
  });

  it('selects the deepest incident entry for a path', () => {
    expect(navKeyOf('/incidents/tasks', NAV_ITEMS)).toBe('incident-tasks');
    expect(navKeyOf('/incidents/6a1d0c7e-0000-4000-8000-000000000000', NAV_ITEMS)).toBe('incidents');
  });
});
