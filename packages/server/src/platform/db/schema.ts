/** Every drizzle table of zhili; drizzle-kit generates migrations from this file. */
export * from '../../modules/core/core.table.ts';
export * from '../platform.table.ts';
export * from '../../modules/evaluation/evaluation.table.ts';
export * from '../../modules/incidents/incidents.table.ts';
export * from '../../modules/mediation/mediation.table.ts';
