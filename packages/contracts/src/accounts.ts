import { z } from 'zod';
import { Role, Permission } from './access.ts';
import { RegionCode } from './regions.ts';

export const Username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9_.-]{3,64}$/, 'username: 3-64 letters, digits, _ . -');
/** At least 10 characters with a letter and a digit. */
export const Password = z
  .string()
  .min(10, 'password too short')
  .max(200)
  .regex(/[A-Za-z]/, 'password needs a letter')
  .regex(/\d/, 'password needs a digit');

export const RoleAssignmentInput = z.strictObject({
  role: Role,
  /** Region subtree the role applies to; null = the whole installation (admin only). */
  regionCode: RegionCode.nullable().default(null),
  /** Organization the role is limited to, if any. */
  organizationId: z.string().uuid().nullable().default(null),
});
export type RoleAssignmentInput = z.infer<typeof RoleAssignmentInput>;

export const RoleAssignment = z.object({
  id: z.string().uuid(),
  role: Role,
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  regionPath: z.string().nullable(),
  organizationId: z.string().uuid().nullable(),
  organizationName: z.string().nullable(),
});
export type RoleAssignment = z.infer<typeof RoleAssignment>;

export const Person = z.object({
  id: z.string().uuid(),
  name: z.string(),
  /** Masked (`138****1234`) unless the caller holds pii.read. */
  phone: z.string().nullable(),
  /** Masked (`330502********1234`) unless the caller holds pii.read. */
  idNumber: z.string().nullable(),
  regionCode: z.string().nullable(),
  hometown: z.string().nullable(),
});
export type Person = z.infer<typeof Person>;

export const Phone = z.string().regex(/^1\d{10}$/, 'invalid mobile number');
/** 18-character resident identity card number (GB 11643) with its check digit. */
export const IdNumber = z.string().regex(/^\d{17}[\dXx]$/, 'invalid identity card number');

export const PersonCreate = z.strictObject({
  name: z.string().trim().min(1).max(100),
  phone: Phone.nullable().default(null),
  idNumber: IdNumber.nullable().default(null),
  regionCode: RegionCode.nullable().default(null),
  hometown: z.string().max(100).nullable().default(null),
});
export type PersonCreate = z.infer<typeof PersonCreate>;

/** Fields to change; `null` clears a phone, ID number, region or hometown. */
export const PersonUpdate = z.strictObject({
  name: PersonCreate.shape.name.optional(),
  phone: Phone.nullable().optional(),
  idNumber: IdNumber.nullable().optional(),
  regionCode: RegionCode.nullable().optional(),
  hometown: z.string().max(100).nullable().optional(),
});
export type PersonUpdate = z.infer<typeof PersonUpdate>;

/**
 * `phone` and `idNumber` find a person by the exact number (blind-index lookup, never a
 * substring); `q` matches the name; `region` narrows to a region subtree.
 */
export const PersonListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  phone: Phone.optional(),
  idNumber: IdNumber.optional(),
  region: RegionCode.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});
export type PersonListQuery = z.infer<typeof PersonListQuery>;

export const Account = z.object({
  id: z.string().uuid(),
  username: z.string(),
  displayName: z.string(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  mustChangePassword: z.boolean(),
  person: Person.nullable(),
  roles: z.array(RoleAssignment),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Account = z.infer<typeof Account>;

export const AccountCreate = z.strictObject({
  username: Username,
  displayName: z.string().trim().min(1).max(100),
  password: Password,
  phone: Phone.nullable().default(null),
  roles: z.array(RoleAssignmentInput).max(20).default([]),
});
export type AccountCreate = z.infer<typeof AccountCreate>;

export const AccountUpdate = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  disabled: z.boolean().optional(),
});
export type AccountUpdate = z.infer<typeof AccountUpdate>;

export const AccountListQuery = z.strictObject({
  q: z.string().max(100).optional(),
  role: Role.optional(),
  region: z.string().optional(),
  disabled: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});
export type AccountListQuery = z.infer<typeof AccountListQuery>;

export const PasswordReset = z.object({ temporaryPassword: z.string() });
export type PasswordReset = z.infer<typeof PasswordReset>;

/** The caller, as `GET /api/auth/me` and login return it. */
export const Me = z.object({
  id: z.string().uuid(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleAssignment),
  permissions: z.array(Permission),
  mustChangePassword: z.boolean(),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof Me>;

export const LoginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
});
export type LoginBody = z.infer<typeof LoginBody>;
export const PasswordChange = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: Password,
});
export type PasswordChange = z.infer<typeof PasswordChange>;

export const ApiKey = z.object({
  id: z.string().uuid(),
  name: z.string(),
  prefix: z.string(),
  role: Role,
  regionCode: z.string().nullable(),
  organizationId: z.string().uuid().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const ApiKeyCreate = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: Role,
  regionCode: RegionCode.nullable().default(null),
  organizationId: z.string().uuid().nullable().default(null),
});
export type ApiKeyCreate = z.infer<typeof ApiKeyCreate>;
/** Returned once at creation; the key itself is never shown again. */
export const ApiKeyCreated = ApiKey.extend({ key: z.string() });
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;

export const ApiKeyListQuery = z.strictObject({
  /** Matches the key's name or prefix. */
  q: z.string().max(100).optional(),
  /** Revoked keys are listed only when asked for. */
  revoked: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});
export type ApiKeyListQuery = z.infer<typeof ApiKeyListQuery>;
