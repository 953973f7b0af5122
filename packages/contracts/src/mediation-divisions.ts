import { z } from 'zod';
import { HometownCode } from './mediation.ts';

/**
 * `GET /api/mediation/divisions?parent=34` (mediation.read): the GB/T 2260 divisions under a
 * province or city, for picking a hometown by name; no parent gives the provinces. Municipalities
 * (北京 › 东城区) and directly administered counties (河南 › 济源市) appear directly under the province.
 */
export const DivisionQuery = z.object({
  /** Province (2 digits) or city (4) whose divisions are wanted; absent for the provinces. */
  parent: HometownCode.optional(),
});
export type DivisionQuery = z.infer<typeof DivisionQuery>;

/** One division to pick. */
export const Division = z.object({
  /** GB/T 2260 code: 2, 4 or 6 digits. */
  code: z.string(),
  /** Its own Chinese name ('阜阳市'); the province's full name for provinces ('安徽省'). */
  name: z.string(),
  /** Whether divisions lie below (false for counties and for places without data, e.g. 台湾省). */
  hasChildren: z.boolean(),
});
export type Division = z.infer<typeof Division>;

export const DivisionList = z.array(Division);
export type DivisionList = z.infer<typeof DivisionList>;
