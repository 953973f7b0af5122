import {
  OPEN_CASE_STATUSES,
  OPEN_INCIDENT_STATUSES,
  type CaseStatus,
  type IncidentStatus,
  type Me,
} from '@zhili/contracts';
import { can } from '../auth/me.ts';
import { visibleNav, type NavItem } from '../layout/nav.tsx';
import { boardHref } from '../incidents/boardParams.ts';
import { caseBoardHref } from '../mediation/caseBoardParams.ts';

/** The built business modules that get a "my work" card on the home page. */
export type HomeModule = 'incidents' | 'mediation' | 'evaluation';

/** The modules still being built; listed under "coming", never with numbers. */
export const COMING_MODULES = ['jointServices', 'training', 'homestays', 'sensing', 'standards'] as const;

/** A live figure of a card; each is one `total` of an existing list endpoint. */
export type FigureKey =
  | 'incidentOpen'
  | 'incidentOverdue'
  | 'incidentTasks'
  | 'myReports'
  | 'myReportsOpen'
  | 'mediationOpen'
  | 'mediationOverdue'
  | 'frameworks';

/** A figure and the screen that lists what it counts, filtered to it where the screen can be. */
export interface HomeFigure {
  key: FigureKey;
  /** Path and search, e.g. `/incidents?status=reported&…&overdue=true`. */
  to: string;
}

/** A card of "my work": its figures and the menu entries (same permission rules as the side menu). */
export interface HomeCard {
  module: HomeModule;
  /** Which one-line purpose to show (`home.work.purpose.<purpose>`): a resident's differs from staff's. */
  purpose: HomeModule | 'incidentsReport';
  figures: HomeFigure[];
  links: NavItem[];
}

/** The statuses "my tasks" lists: handed to the caller or their unit and not yet resolved. */
export const TASK_STATUSES: readonly IncidentStatus[] = ['dispatched', 'accepted', 'on_site', 'on_hold'];

/** Filters of the incident list endpoint behind each incident figure (scope applied by the caller). */
export const INCIDENT_FIGURE_FILTERS = {
  incidentOpen: { status: [...OPEN_INCIDENT_STATUSES] },
  incidentOverdue: { status: [...OPEN_INCIDENT_STATUSES], overdue: true },
  incidentTasks: { status: [...TASK_STATUSES], mine: true },
  myReports: { mine: true },
  myReportsOpen: { status: [...OPEN_INCIDENT_STATUSES], mine: true },
} satisfies Partial<Record<FigureKey, { status?: IncidentStatus[]; overdue?: boolean; mine?: boolean }>>;

/** Filters of the mediation case list behind each mediation figure: cases whose statutory clock runs. */
export const CASE_FIGURE_FILTERS = {
  mediationOpen: { status: [...OPEN_CASE_STATUSES] },
  mediationOverdue: { status: [...OPEN_CASE_STATUSES], overdue: true },
} satisfies Partial<Record<FigureKey, { status: CaseStatus[]; overdue?: boolean }>>;

/** The figures a card shows are counted in the picked region scope, except the caller's own lists. */
export function isScoped(key: FigureKey): boolean {
  return key === 'incidentOpen' || key === 'incidentOverdue' || key === 'mediationOpen' || key === 'mediationOverdue';
}

function linksOf(nav: NavItem[], keys: readonly string[]): NavItem[] {
  return keys.flatMap((k) => nav.filter((item) => item.key === k));
}

/**
 * The "my work" cards of a caller, in menu order: a card appears when the caller may open at
 * least one of its screens, and each figure only when the caller may read what it counts.
 */
export function homeCards(me: Me): HomeCard[] {
  const nav = visibleNav(me);
  const cards: HomeCard[] = [];

  if (can(me, 'incident.read')) {
    const figures: HomeFigure[] = [];
    if (can(me, 'incident.handle')) figures.push({ key: 'incidentTasks', to: '/incidents/tasks' });
    // The board reads the same filters from its URL, so the figure opens exactly what it counts.
    figures.push(
      { key: 'incidentOpen', to: boardHref(INCIDENT_FIGURE_FILTERS.incidentOpen) },
      { key: 'incidentOverdue', to: boardHref(INCIDENT_FIGURE_FILTERS.incidentOverdue) },
    );
    cards.push({
      module: 'incidents',
      purpose: 'incidents',
      figures,
      links: linksOf(nav, ['incident-tasks', 'incidents', 'incident-stats']),
    });
  } else if (can(me, 'incident.report')) {
    // A resident reports and follows their own reports; the board is not theirs.
    cards.push({
      module: 'incidents',
      purpose: 'incidentsReport',
      figures: [
        { key: 'myReports', to: '/incidents/mine' },
        { key: 'myReportsOpen', to: '/incidents/mine' },
      ],
      links: linksOf(nav, ['incident-report', 'incident-mine']),
    });
  }

  if (can(me, 'mediation.read')) {
    cards.push({
      module: 'mediation',
      purpose: 'mediation',
      figures: [
        { key: 'mediationOpen', to: caseBoardHref(CASE_FIGURE_FILTERS.mediationOpen) },
        { key: 'mediationOverdue', to: caseBoardHref(CASE_FIGURE_FILTERS.mediationOverdue) },
      ],
      links: linksOf(nav, ['mediation', 'mediation-mediators']),
    });
  }

  if (can(me, 'evaluation.read')) {
    cards.push({
      module: 'evaluation',
      purpose: 'evaluation',
      figures: [{ key: 'frameworks', to: '/evaluation' }],
      links: linksOf(nav, ['evaluation']),
    });
  }

  return cards;
}
