import type { z } from 'zod';
import { ApiKeyCreate, type ApiKey, type ApiKeyCreated, type ApiKeyListQuery, type Page } from '@zhili/contracts';
import type { Ctx } from '../../platform/context.ts';
import { checkAccess, requireAccess, scopeOf } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import { PlatformErrors, invalid } from '../../platform/errors.ts';
import { API_KEY_SHOWN_CHARS, newApiKey, parseInput, tokenHash } from './auth.engine.ts';
import { AuthErrors } from './auth.errors.ts';
import { forgetApiKey } from './actor.service.ts';
import { grantRefusal } from './grant.engine.ts';
import {
  findApiKey,
  insertApiKey,
  organizationExists,
  listApiKeys as listApiKeyRows,
  presentApiKey,
  regionPathsOf,
  revokeApiKey as markRevoked,
} from './apikey.repo.ts';

/** A page of the API keys inside the caller's `apikey.manage` scope. */
export async function listApiKeys(ctx: Ctx, query: ApiKeyListQuery): Promise<Page<ApiKey>> {
  await requireAccess(ctx, 'apikey.manage');
  const { rows, total } = await listApiKeyRows(ctx.db, {
    scope: scopeOf(ctx.actor, 'apikey.manage'),
    q: query.q,
    revoked: query.revoked === undefined ? undefined : query.revoked === 'true',
    page: query.page,
    pageSize: query.pageSize,
  });
  return { items: rows.map(presentApiKey), total, page: query.page, pageSize: query.pageSize };
}

/**
 * Creates an API key for a machine client and returns it once (only its SHA-256 is stored).
 * The key's role and scope obey the same rule as granting a role to a person: never beyond the
 * caller's own. Used by `POST /api/apikeys` and by the CLI (`zhili apikey create`, system ctx).
 */
export async function createApiKey(ctx: Ctx, input: z.input<typeof ApiKeyCreate>): Promise<ApiKeyCreated> {
  await requireAccess(ctx, 'apikey.manage');
  const data = parseInput(ApiKeyCreate, input);
  let regionPath: string | null = null;
  if (data.regionCode !== null) {
    regionPath = (await regionPathsOf(ctx.db, [data.regionCode])).get(data.regionCode) ?? null;
    if (regionPath === null) throw invalid('body.regionCode', `unknown region ${data.regionCode}`, 'unknown_region');
  }
  if (data.organizationId !== null && !(await organizationExists(ctx.db, data.organizationId))) {
    throw invalid('body.organizationId', 'unknown organization', 'unknown_organization');
  }
  const refusal = grantRefusal(ctx.actor, 'apikey.manage', {
    role: data.role,
    regionPath,
    organizationId: data.organizationId,
  });
  if (refusal === 'out_of_scope') throw PlatformErrors.OUT_OF_SCOPE();
  if (refusal !== null) {
    throw AuthErrors.APIKEY_ROLE_NOT_GRANTABLE([{ path: 'body.role', code: refusal, message: refusal }]);
  }
  const key = newApiKey();
  const created = await ctx.db.transaction(async (tx) => {
    const id = await insertApiKey(tx, {
      name: data.name,
      prefix: key.slice(0, API_KEY_SHOWN_CHARS),
      keyHash: tokenHash(key),
      role: data.role,
      regionCode: data.regionCode,
      organizationId: data.organizationId,
      createdBy: ctx.actor.kind === 'account' ? ctx.actor.id : null,
    });
    const row = await findApiKey(tx, id);
    if (!row) throw new Error('api key vanished inside its own transaction');
    const presented = presentApiKey(row);
    // The key itself never reaches the audit log: prefix and scope identify it well enough.
    await recordAudit(ctx, tx, { action: 'apikey.create', entity: 'api_key', entityId: id, after: presented });
    return presented;
  });
  return { ...created, key };
}

/** Revokes a key at once (idempotent: revoking a revoked key changes nothing). */
export async function revokeApiKey(ctx: Ctx, id: string): Promise<void> {
  await requireAccess(ctx, 'apikey.manage');
  await ctx.db.transaction(async (tx) => {
    const row = await findApiKey(tx, id, true);
    if (!row) throw AuthErrors.APIKEY_NOT_FOUND();
    checkAccess(ctx.actor, 'apikey.manage', { regionPath: row.regionPath, organizationId: row.organizationId });
    if (row.revokedAt) return;
    const at = new Date();
    await markRevoked(tx, id, at);
    await recordAudit(ctx, tx, {
      action: 'apikey.revoke',
      entity: 'api_key',
      entityId: id,
      before: presentApiKey(row),
      after: presentApiKey({ ...row, revokedAt: at }),
    });
  });
  // After commit: a request racing the revocation could otherwise cache the key again.
  forgetApiKey(id);
}
