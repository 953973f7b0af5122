import { z } from 'zod';

export const AuditEntry = z.object({
  id: z.string(),
  /** Position in the hash chain; null until the sealer has chained the row. */
  seq: z.number().int().nullable(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditListQuery = z.strictObject({
  /** Free text: matches action, entity, entity id or actor name. */
  q: z.string().max(100).optional(),
  /** Actor name, partial match. */
  actor: z.string().max(64).optional(),
  /** Action prefix: `account.` lists every account action. */
  action: z.string().max(100).optional(),
  entity: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type AuditListQuery = z.infer<typeof AuditListQuery>;

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  /** Sealed rows checked before the first problem (all of them when ok). */
  checked: z.number().int(),
  /** Rows written but not chained yet (the sealer runs every second). */
  unsealed: z.number().int(),
  /** The first row whose content or link does not match the chain. */
  firstTampered: z.object({ seq: z.number().int(), id: z.string(), reason: z.string() }).nullable(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
