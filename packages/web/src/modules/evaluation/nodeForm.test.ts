import { describe, expect, it } from 'vitest';
import { Framework } from '@zhili/contracts';
import { newNode, nodeToValues, valuesToNode } from './nodeForm.ts';
import type { FrameworkNode } from './types.ts';

const levels = ['county', 'township'];
const indicator: FrameworkNode = {
  ...newNode('PM25', true),
  name: { zh: 'PM2.5平均浓度', en: 'PM2.5' },
  unit: 'μg/m³',
  direction: -1,
  normalisation: { method: 'goalposts', min: 20, max: 85, cap: true, range: [0, 1] },
  transform: { log: true, capMin: null, capMax: 200 },
  veto: { below: 60 },
  bonus: { per: 1, points: 0.5, max: 2, from: 0 },
  appliesTo: ['county'],
};

describe('node side form', () => {
  it('round-trips an indicator through the form values', () => {
    expect(valuesToNode(indicator, nodeToValues(indicator, levels), levels)).toEqual(indicator);
  });

  it('applies edits and yields a framework the schema accepts', () => {
    const values = {
      ...nodeToValues(indicator, levels),
      method: 'target' as const,
      target: 35,
      bonusOn: false,
      vetoBelow: null,
    };
    const sut = valuesToNode(indicator, values, levels);
    expect(sut.normalisation).toEqual({ method: 'target', target: 35, range: [0, 1] });
    expect(sut.bonus).toBeUndefined();
    expect(sut.veto).toBeUndefined();
    const fw = Framework.safeParse({
      code: 'x',
      name: { zh: '测试', en: 'Test' },
      unitLevels: levels,
      index: { ...newNode('Index', false), children: [sut] },
    });
    expect(fw.success).toBe(true);
  });

  it('keeps children when editing a group', () => {
    const group = { ...newNode('ENV', false), children: [indicator] };
    const sut = valuesToNode(group, { ...nodeToValues(group, levels), weight: 0.4, weighting: 'equal' }, levels);
    expect(sut.children).toEqual([indicator]);
    expect(sut.weight).toBe(0.4);
  });
});
