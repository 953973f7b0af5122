import { describe, expect, it } from 'vitest';
import { canChartRegions } from './regionChart.ts';

const role = (regionPath: string | null, organizationId: string | null = null) => ({
  id: 'r',
  role: 'x',
  regionCode: regionPath?.split('/').pop() ?? null,
  regionName: null,
  regionPath,
  organizationId,
  organizationName: organizationId ? 'org' : null,
});

describe('canChartRegions', () => {
  const perms = ['region.read'];
  it('lets an unlimited role chart any scope', () => {
    expect(canChartRegions({ roles: [role(null)], permissions: perms } as never, null)).toBe(true);
    expect(canChartRegions({ roles: [role(null)], permissions: perms } as never, '33/3303')).toBe(true);
  });
  it('lets a region role chart its region and the regions inside it, not a sibling', () => {
    const me = { roles: [role('33/3303/330383')], permissions: perms } as never;
    expect(canChartRegions(me, '33/3303/330383')).toBe(true);
    expect(canChartRegions(me, '33/3303/330383/330383001')).toBe(true);
    expect(canChartRegions(me, '33/3303/3303831')).toBe(false);
    expect(canChartRegions(me, null)).toBe(false);
  });
  it('hides the chart from an organization-limited role (department staff)', () => {
    const me = { roles: [role('33/3303/330383', 'org-1')], permissions: perms } as never;
    expect(canChartRegions(me, '33/3303/330383')).toBe(false);
  });
  it('hides the chart without region.read', () => {
    expect(canChartRegions({ roles: [role(null)], permissions: [] } as never, null)).toBe(false);
  });
});
