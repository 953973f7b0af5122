import { describe, expect, it } from 'vitest';
import { ORGANIZATION_TYPES, REGION_LEVELS, ROLES, ROLE_NAMES_ZH } from '@zhili/contracts';
import zhCN from './zh-CN.json';
import en from './en.json';

type Tree = { [key: string]: string | Tree };

function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keysOf(v, `${prefix}${k}.`),
  );
}

describe('locales', () => {
  it('have the same keys in zh-CN and en', () => {
    expect(keysOf(en as Tree).sort()).toEqual(keysOf(zhCN as Tree).sort());
  });

  it('name every role, region level and organization type', () => {
    const keys = new Set(keysOf(en));
    for (const r of ROLES) expect(keys).toContain(`role.${r}`);
    for (const l of REGION_LEVELS) expect(keys).toContain(`level.${l}`);
    for (const o of ORGANIZATION_TYPES) expect(keys).toContain(`orgType.${o}`);
  });

  it('use the contracts’ zh role names', () => {
    expect(zhCN.role).toEqual(ROLE_NAMES_ZH);
  });
});
