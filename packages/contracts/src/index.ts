export * from './errors.ts';
export * from './common.ts';
export * from './access.ts';
export * from './regions.ts';
export * from './organizations.ts';
export * from './accounts.ts';
export * from './audit.ts';
