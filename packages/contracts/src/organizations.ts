import { z } from 'zod';
import { RegionCode } from './regions.ts';

export const ORGANIZATION_TYPES = [
  'department',
  'social_organization',
  'chamber_of_commerce',
  'company',
  'academy',
  'branch_college',
  'training_base',
  'notary_office',
  'homestay_operator',
  'trade_association',
  'community_committee',
  'other',
] as const;
export const OrganizationType = z.enum(ORGANIZATION_TYPES);
export type OrganizationType = z.infer<typeof OrganizationType>;

export const Organization = z.object({
  id: z.string().uuid(),
  name: z.string(),
  type: OrganizationType,
  regionCode: z.string(),
  regionName: z.string().optional(),
  parentId: z.string().uuid().nullable(),
  creditCode: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type Organization = z.infer<typeof Organization>;

/** 统一社会信用代码 (unified social credit code, GB 32100): 18 characters, upper case. */
export const CreditCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, 'invalid unified social credit code');

export const OrganizationCreate = z.strictObject({
  name: z.string().trim().min(1).max(200),
  type: OrganizationType,
  regionCode: RegionCode,
  parentId: z.string().uuid().nullable().default(null),
  creditCode: CreditCode.nullable().default(null),
});
export type OrganizationCreate = z.infer<typeof OrganizationCreate>;

export const OrganizationUpdate = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  active: z.boolean().optional(),
  /** `null` clears the code; absent leaves it. (No default here: an update must not clear it by omission.) */
  creditCode: CreditCode.nullable().optional(),
});
export type OrganizationUpdate = z.infer<typeof OrganizationUpdate>;

/** `q` matches the name or credit code; `region` narrows to organizations in that subtree. */
export const OrganizationListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  type: OrganizationType.optional(),
  region: RegionCode.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});
export type OrganizationListQuery = z.infer<typeof OrganizationListQuery>;
