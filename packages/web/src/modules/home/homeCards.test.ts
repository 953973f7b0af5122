import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type Me, type Role } from '@zhili/contracts';
import { decodeFilters } from '../../lib/listParams.ts';
import { BOARD_FILTERS } from '../incidents/boardParams.ts';
import { CASE_BOARD_FILTERS } from '../mediation/caseBoardParams.ts';
import {
  CASE_FIGURE_FILTERS,
  COMING_MODULES,
  INCIDENT_FIGURE_FILTERS,
  homeCards,
  isScoped,
  type FigureKey,
  type HomeCard,
} from './homeCards.ts';

const me = (...roles: Role[]): Me => ({
  id: crypto.randomUUID(),
  username: 'u',
  displayName: 'U',
  roles: [],
  permissions: [...new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r]))],
  mustChangePassword: false,
  csrfToken: 't',
});

/** module → figure keys and link paths, the shape a reader checks the home page by. */
const shape = (cards: HomeCard[]) =>
  Object.fromEntries(
    cards.map((c) => [c.module, { figures: c.figures.map((f) => f.key), links: c.links.map((l) => l.path) }]),
  );

describe('home "my work" cards', () => {
  it('gives the admin every built module with its counts', () => {
    expect(shape(homeCards(me('admin')))).toEqual({
      incidents: {
        figures: ['incidentTasks', 'incidentOpen', 'incidentOverdue'],
        links: ['/incidents/tasks', '/incidents', '/incidents/stats'],
      },
      mediation: { figures: ['mediationOpen', 'mediationOverdue'], links: ['/mediation', '/mediation/mediators'] },
      evaluation: { figures: ['frameworks'], links: ['/evaluation'] },
    });
  });

  it('gives a dispatcher incidents and mediation, not evaluation', () => {
    expect(homeCards(me('dispatcher')).map((c) => c.module)).toEqual(['incidents', 'mediation']);
  });

  it("puts a grid worker's own tasks first and shows no mediation", () => {
    const cards = homeCards(me('grid_worker'));
    expect(shape(cards)).toEqual({
      incidents: {
        figures: ['incidentTasks', 'incidentOpen', 'incidentOverdue'],
        links: ['/incidents/tasks', '/incidents', '/incidents/stats'],
      },
    });
  });

  it('gives a mediator the board counts but no "my tasks" (they do not handle incidents)', () => {
    const cards = shape(homeCards(me('mediator')));
    expect(cards.incidents).toEqual({
      figures: ['incidentOpen', 'incidentOverdue'],
      links: ['/incidents', '/incidents/stats'],
    });
    expect(cards.mediation?.figures).toEqual(['mediationOpen', 'mediationOverdue']);
  });

  it('gives a resident only their own reports and the report form', () => {
    const cards = homeCards(me('resident'));
    expect(cards.map((c) => c.purpose)).toEqual(['incidentsReport']);
    expect(shape(cards)).toEqual({
      incidents: { figures: ['myReports', 'myReportsOpen'], links: ['/incidents/report', '/incidents/mine'] },
    });
  });

  it('gives an evaluator only the evaluation card', () => {
    expect(shape(homeCards(me('evaluator')))).toEqual({
      evaluation: { figures: ['frameworks'], links: ['/evaluation'] },
    });
  });

  it('gives roles of modules still being built no card at all', () => {
    expect(homeCards(me('trainer'))).toEqual([]);
    expect(homeCards(me('tourism_officer'))).toEqual([]);
  });

  it('links every figure to a screen of a card the caller can open', () => {
    const roles = Object.keys(ROLE_PERMISSIONS) as Role[];
    for (const role of roles) {
      for (const card of homeCards(me(role))) {
        const paths = card.links.map((l) => l.path);
        for (const f of card.figures) expect(paths, `${role} ${f.key}`).toContain(f.to.split('?')[0]);
      }
    }
  });

  it('links the board figures to the boards filtered as they count', () => {
    const to = Object.fromEntries(homeCards(me('admin')).flatMap((c) => c.figures.map((f) => [f.key, f.to]))) as Record<
      FigureKey,
      string
    >;
    expect(to.incidentOpen).toBe(
      '/incidents?status=received&status=responded&status=dispatched&status=accepted&status=on_site&status=on_hold',
    );
    expect(to.incidentOverdue).toBe(`${to.incidentOpen}&overdue=true`);
    expect(to.mediationOpen).toBe('/mediation?status=registered&status=matched&status=in_session');
    expect(to.mediationOverdue).toBe(`${to.mediationOpen}&overdue=true`);
    expect(to.incidentTasks).toBe('/incidents/tasks');
  });

  it('opens each board with exactly the filters of its figure, read the way the board reads them', () => {
    const to = Object.fromEntries(
      homeCards(me('admin')).flatMap((c) => c.figures.map((f) => [f.key, new URL(f.to, 'http://x').searchParams])),
    ) as Record<FigureKey, URLSearchParams>;
    for (const k of ['incidentOpen', 'incidentOverdue'] as const) {
      expect(decodeFilters(BOARD_FILTERS, to[k])).toMatchObject({
        overdue: false,
        ...INCIDENT_FIGURE_FILTERS[k],
        q: '',
        priority: undefined,
      });
    }
    for (const k of ['mediationOpen', 'mediationOverdue'] as const) {
      expect(decodeFilters(CASE_BOARD_FILTERS, to[k])).toMatchObject({
        overdue: false,
        ...CASE_FIGURE_FILTERS[k],
        sort: 'registered_desc',
      });
    }
  });

  it("counts the board figures in the picked scope and the caller's own lists unscoped", () => {
    expect(isScoped('incidentOpen')).toBe(true);
    expect(isScoped('mediationOverdue')).toBe(true);
    expect(isScoped('incidentTasks')).toBe(false);
    expect(isScoped('myReports')).toBe(false);
  });

  it('lists as coming only the modules not built yet', () => {
    expect(COMING_MODULES).toEqual(['jointServices', 'training', 'homestays', 'sensing', 'standards']);
  });
});
