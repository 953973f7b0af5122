import { sql } from 'drizzle-orm';
import { OPEN_INCIDENT_STATUSES } from '@zhili/contracts';
import type { Tx } from '../../platform/db/pool.ts';

/** What the intake checks for duplicates: one probe per new incident. */
export interface DuplicateProbe {
  categoryCode: string;
  lat: number | null;
  lng: number | null;
  regionCode: string | null;
}

export type DuplicateHitRow = {
  ord: number;
  id: string;
  number: string;
  distanceM: number | null;
  description: string;
  receivedAt: string;
  status: string;
};
export type DuplicateHit = Omit<DuplicateHitRow, 'receivedAt'> & { receivedAt: Date };

/** Radius and window of the duplicate suggestions. */
export const DUPLICATE_RADIUS_M = 200;
export const DUPLICATE_WINDOW_HOURS = 72;
/** 200 m in degrees of latitude (and, loosely, of longitude at China's latitudes ×1.5). */
const LAT_DEG = DUPLICATE_RADIUS_M / 111_000;

/**
 * Open incidents of the same category within 200 m (or, without coordinates, in the same
 * region) received in the last 72 hours — for many probes at once, at most `limit` per probe,
 * nearest (then newest) first. Region probes walk incidents_dup_region_idx newest first; point
 * probes scan a 400 m latitude band of incidents_dup_geo_idx.
 */
export async function findDuplicates(tx: Tx, probes: readonly DuplicateProbe[], limit = 5): Promise<DuplicateHit[]> {
  const open = sql.param([...OPEN_INCIDENT_STATUSES]);
  const since = sql`now() - make_interval(hours => ${DUPLICATE_WINDOW_HOURS})`;
  const byPoint = probes.flatMap((p, ord) => (p.lat !== null && p.lng !== null ? [{ ...p, ord }] : []));
  const byRegion = probes.flatMap((p, ord) => (p.lat === null && p.regionCode !== null ? [{ ...p, ord }] : []));
  const rows: DuplicateHitRow[] = [];
  if (byRegion.length > 0) {
    const res = await tx.execute<DuplicateHitRow>(sql`
      select u.ord, c.* from unnest(${sql.param(byRegion.map((p) => p.ord))}::int4[],
        ${sql.param(byRegion.map((p) => p.categoryCode))}::text[], ${sql.param(byRegion.map((p) => p.regionCode))}::text[])
        as u(ord, cat, region)
      cross join lateral (
        select i.id, i.number, null::float8 as "distanceM", i.description,
          to_json(i.received_at) #>> '{}' as "receivedAt", i.status
        from incidents i
        where i.category_code = u.cat and i.region_code = u.region and i.received_at > ${since}
          and i.status = any(${open}::text[])
        order by i.received_at desc limit ${limit}
      ) c`);
    rows.push(...res.rows);
  }
  if (byPoint.length > 0) {
    const res = await tx.execute<DuplicateHitRow>(sql`
      select u.ord, c.* from unnest(${sql.param(byPoint.map((p) => p.ord))}::int4[],
        ${sql.param(byPoint.map((p) => p.categoryCode))}::text[], ${sql.param(byPoint.map((p) => p.lat))}::float8[],
        ${sql.param(byPoint.map((p) => p.lng))}::float8[]) as u(ord, cat, lat, lng)
      cross join lateral (
        select d.id, d.number, d.distance_m as "distanceM", d.description, to_json(d.received_at) #>> '{}' as "receivedAt", d.status
        from (
          select i.id, i.number, i.description, i.received_at, i.status,
            2 * 6371000 * asin(sqrt(power(sin(radians(i.lat - u.lat) / 2), 2)
              + cos(radians(u.lat)) * cos(radians(i.lat)) * power(sin(radians(i.lng - u.lng) / 2), 2))) as distance_m
          from incidents i
          where i.category_code = u.cat and i.lat between u.lat - ${LAT_DEG} and u.lat + ${LAT_DEG}
            and i.lng between u.lng - ${LAT_DEG * 1.5} and u.lng + ${LAT_DEG * 1.5}
            and i.received_at > ${since} and i.status = any(${open}::text[])
          limit 200
        ) d
        where d.distance_m <= ${DUPLICATE_RADIUS_M}
        order by d.distance_m, d.received_at desc limit ${limit}
      ) c`);
    rows.push(...res.rows);
  }
  return rows.map((r) => ({ ...r, receivedAt: new Date(r.receivedAt) }));
}
