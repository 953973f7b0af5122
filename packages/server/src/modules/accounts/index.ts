import type { ZhiliModule } from '../../platform/module.ts';
import { registerAccountRoutes } from './accounts.routes.ts';

/** Accounts and their role assignments (who may act, where). */
export const accountsModule: ZhiliModule = {
  name: 'accounts',
  routes: registerAccountRoutes,
};

export {
  createAccount,
  getAccount,
  listAccounts,
  updateAccount,
  resetPassword,
  addRole,
  removeRole,
} from './accounts.service.ts';
export { AccountErrors } from './accounts.errors.ts';
