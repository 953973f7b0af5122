import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Password, ROLES, ROLE_PERMISSIONS, type Role } from '@zhili/contracts';
import type { Actor } from '../../platform/context.ts';
import {
  LOCKOUT_MS,
  MAX_FAILED_LOGINS,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  afterFailedLogin,
  hashPassword,
  isLocked,
  newApiKey,
  safeEqual,
  sessionExpiry,
  temporaryPassword,
  verifyPassword,
} from './auth.engine.ts';
import { grantRefusal } from './grant.engine.ts';

const date = fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true });

describe('sessionExpiry', () => {
  it('never passes the absolute limit and never exceeds 12 h of idleness', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 30 * 24 * 3600_000 }), (created, elapsed) => {
        const now = new Date(created.getTime() + elapsed);
        const sut = sessionExpiry(created, now).getTime();
        expect(sut).toBeLessThanOrEqual(created.getTime() + SESSION_ABSOLUTE_MS);
        expect(sut).toBeLessThanOrEqual(now.getTime() + SESSION_IDLE_MS);
        expect(sut === created.getTime() + SESSION_ABSOLUTE_MS || sut === now.getTime() + SESSION_IDLE_MS).toBe(true);
      }),
    );
  });
});

describe('afterFailedLogin', () => {
  it('locks for 15 minutes exactly on the fifth consecutive failure, then starts counting afresh', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 40 }), (now, failures) => {
        let state = { failedLogins: 0, lockedUntil: null as Date | null };
        let locks = 0;
        for (let i = 1; i <= failures; i += 1) {
          const wasLocked = isLocked(state.lockedUntil, now);
          state = afterFailedLogin(state.failedLogins, state.lockedUntil, now);
          if (!wasLocked && isLocked(state.lockedUntil, now)) locks += 1;
          expect(state.failedLogins).toBeLessThan(MAX_FAILED_LOGINS);
        }
        expect(locks).toBe(failures >= MAX_FAILED_LOGINS ? 1 : 0);
        if (failures >= MAX_FAILED_LOGINS) expect(state.lockedUntil?.getTime()).toBe(now.getTime() + LOCKOUT_MS);
      }),
    );
  });
});

describe('temporaryPassword', () => {
  it('always satisfies the Password rule', () => {
    for (let i = 0; i < 500; i += 1) expect(Password.safeParse(temporaryPassword()).success).toBe(true);
  });
});

describe('secrets', () => {
  it('makes API keys of the documented shape', () => {
    expect(newApiKey()).toMatch(/^zk_[A-Za-z0-9_-]{43}$/);
    expect(newApiKey()).not.toBe(newApiKey());
  });

  it('compares strings like === does', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(safeEqual(a, b)).toBe(a === b);
      }),
    );
    expect(safeEqual('token', 'token')).toBe(true);
  });

  it('hashes with argon2id and verifies', async () => {
    const sut = await hashPassword('Secret12345');
    expect(sut).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(sut, 'Secret12345')).toBe(true);
    expect(await verifyPassword(sut, 'secret12345')).toBe(false);
    expect(await verifyPassword('not a hash', 'Secret12345')).toBe(false);
  });
});

describe('grantRefusal', () => {
  const path = fc.constantFrom('33', '33/3305', '33/3305/330502', '33/3305/330502/330502102', '33/3305/330503', null);
  const role = fc.constantFrom(...ROLES);
  const actorOf = (grants: { role: Role; regionPath: string | null }[]): Actor => ({
    kind: 'account',
    id: 'a',
    name: 'a',
    grants: grants.map((g) => ({ ...g, regionCode: g.regionPath?.split('/').at(-1) ?? null, organizationId: null })),
  });

  it('never lets anyone grant a permission they do not hold over the target', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ role, regionPath: path }), { maxLength: 4 }),
        role,
        path,
        (grants, r, target) => {
          const actor = actorOf(grants);
          if (grantRefusal(actor, 'account.write', { role: r, regionPath: target, organizationId: null }) !== null)
            return;
          for (const p of ROLE_PERMISSIONS[r]) {
            const covering = actor.grants.filter(
              (g) =>
                g.regionPath === null ||
                (target !== null && (target === g.regionPath || target.startsWith(`${g.regionPath}/`))),
            );
            expect(covering.some((g) => ROLE_PERMISSIONS[g.role].includes(p))).toBe(true);
          }
          if (r === 'admin' || target === null) {
            expect(grants.some((g) => g.role === 'admin' && g.regionPath === null)).toBe(true);
          }
        },
      ),
    );
  });

  it('lets an unrestricted admin grant anything, and a county admin nothing global', () => {
    const admin = actorOf([{ role: 'admin', regionPath: null }]);
    const county = actorOf([{ role: 'admin', regionPath: '33/3305/330502' }]);
    fc.assert(
      fc.property(role, path, (r, target) => {
        expect(grantRefusal(admin, 'account.write', { role: r, regionPath: target, organizationId: null })).toBeNull();
      }),
    );
    expect(
      grantRefusal(county, 'account.write', { role: 'admin', regionPath: '33/3305/330502', organizationId: null }),
    ).toBe('unrestricted_admin_only');
    expect(
      grantRefusal(county, 'account.write', {
        role: 'leader',
        regionPath: '33/3305/330502/330502102',
        organizationId: null,
      }),
    ).toBeNull();
    expect(
      grantRefusal(county, 'account.write', { role: 'leader', regionPath: '33/3305/330503', organizationId: null }),
    ).toBe('out_of_scope');
  });
});
