import { z } from 'zod';
import {
  Account,
  AccountCreate,
  AccountListQuery,
  AccountUpdate,
  IdParam,
  Ok,
  PasswordReset,
  RoleAssignment,
  RoleAssignmentInput,
  pageOf,
} from '@zhili/contracts';
import type { App, AppDeps } from '../../platform/module.ts';
import {
  addRole,
  createAccount,
  getAccount,
  listAccounts,
  removeRole,
  resetPassword,
  updateAccount,
} from './accounts.service.ts';

const AssignmentParams = z.object({ id: z.string().uuid(), assignmentId: z.string().uuid() });

/** Account administration: accounts, their role assignments and password resets. */
export function registerAccountRoutes(app: App, deps: AppDeps): void {
  const tags = ['accounts'];

  app.get(
    '/api/accounts',
    {
      config: { access: 'account.read' },
      schema: { querystring: AccountListQuery, response: { 200: pageOf(Account) }, tags },
    },
    async (req) => listAccounts(req.ctx, req.query, deps.pii),
  );

  app.get(
    '/api/accounts/:id',
    { config: { access: 'account.read' }, schema: { params: IdParam, response: { 200: Account }, tags } },
    async (req) => getAccount(req.ctx, req.params.id, deps.pii),
  );

  app.post(
    '/api/accounts',
    { config: { access: 'account.write' }, schema: { body: AccountCreate, response: { 201: Account }, tags } },
    async (req, reply) => reply.status(201).send(await createAccount(req.ctx, req.body, deps.pii)),
  );

  app.patch(
    '/api/accounts/:id',
    {
      config: { access: 'account.write' },
      schema: { params: IdParam, body: AccountUpdate, response: { 200: Account }, tags },
    },
    async (req) => updateAccount(req.ctx, req.params.id, req.body, deps.pii),
  );

  app.post(
    '/api/accounts/:id/password-reset',
    { config: { access: 'account.write' }, schema: { params: IdParam, response: { 200: PasswordReset }, tags } },
    async (req) => resetPassword(req.ctx, req.params.id),
  );

  app.post(
    '/api/accounts/:id/roles',
    {
      config: { access: 'account.write' },
      schema: { params: IdParam, body: RoleAssignmentInput, response: { 201: RoleAssignment }, tags },
    },
    async (req, reply) => reply.status(201).send(await addRole(req.ctx, req.params.id, req.body)),
  );

  app.delete(
    '/api/accounts/:id/roles/:assignmentId',
    { config: { access: 'account.write' }, schema: { params: AssignmentParams, response: { 200: Ok }, tags } },
    async (req) => {
      await removeRole(req.ctx, req.params.id, req.params.assignmentId);
      return { ok: true as const };
    },
  );
}
