import { z } from 'zod';
import { ClockKind } from './incidents.ts';

/** Statistics of the governance centre's incidents (GET /api/incidents/stats and its XLSX export). */

export const IncidentStatsQuery = z.object({
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  regionCode: z.string().max(40).optional(),
  categoryCode: z.string().max(60).optional(),
  interval: z.enum(['day', 'week', 'month']).default('day'),
});
export type IncidentStatsQuery = z.infer<typeof IncidentStatsQuery>;

const Count = z.object({ key: z.string(), name: z.string(), count: z.number().int() });
/** A category's count, with its English name for screens in English. */
const CategoryCount = Count.extend({ nameEn: z.string() });
export const IncidentStats = z.object({
  total: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
  byStatus: z.array(Count),
  byCategory: z.array(CategoryCount),
  byRegion: z.array(Count),
  trend: z.array(z.object({ bucket: z.string(), received: z.number().int(), resolved: z.number().int() })),
  /** Share of clocks met on time, per kind (null when none ended in the period). */
  compliance: z.array(
    z.object({ kind: ClockKind, met: z.number().int(), breached: z.number().int(), rate: z.number().nullable() }),
  ),
  /** Share resolved at grid or community level (the "90 % settled locally" figure). */
  localShare: z.number().nullable(),
  averageSeconds: z.object({
    respond: z.number().nullable(),
    dispatch: z.number().nullable(),
    onSite: z.number().nullable(),
    resolve: z.number().nullable(),
  }),
  satisfaction: z.object({ average: z.number().nullable(), count: z.number().int() }),
});
export type IncidentStats = z.infer<typeof IncidentStats>;
