import { describe, expect, it } from 'vitest';
import { handlerLabel } from './handler.ts';

const none = { assigneeUnitName: null, assigneeOrganizationName: null, assigneeRegionCode: null };
const upper = (s: string) => s.toUpperCase();

describe('handlerLabel', () => {
  it('shows the level alone while nobody is assigned', () => {
    expect(handlerLabel('Department', none, upper)).toBe('Department');
  });
  it('prefers the unit name, then the organization, then the region code', () => {
    expect(handlerLabel('Grid', { ...none, assigneeUnitName: 'grid a', assigneeRegionCode: '1' }, upper)).toBe(
      'Grid · GRID A',
    );
    expect(handlerLabel('Department', { ...none, assigneeOrganizationName: 'bureau' }, upper)).toBe(
      'Department · BUREAU',
    );
    expect(handlerLabel('Grid', { ...none, assigneeRegionCode: '330383' }, upper)).toBe('Grid · 330383');
  });
});
