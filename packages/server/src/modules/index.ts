import type { ZhiliModule } from '../platform/module.ts';
import { authModule } from './auth/index.ts';
import { coreModule } from './core/index.ts';
import { accountsModule } from './accounts/index.ts';
import { auditModule } from './audit/index.ts';
import { notificationsModule } from './notifications/index.ts';
import { filesModule } from './files/index.ts';
import { evaluationModule } from './evaluation/index.ts';
import { incidentsModule } from './incidents/index.ts';
import { mediationModule } from './mediation/index.ts';

/** Every module of zhili, in the order their routes are registered. */
export const MODULES: ZhiliModule[] = [
  authModule,
  coreModule,
  accountsModule,
  auditModule,
  notificationsModule,
  filesModule,
  evaluationModule,
  incidentsModule,
  mediationModule,
];
