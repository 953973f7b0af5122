import { z } from 'zod';
import { ClockTargets, HandlingLevel, Priority, ServiceAttribute } from '@zhili/contracts';
import type { Db, Tx } from '../../platform/db/pool.ts';
import { sql } from 'drizzle-orm';
import { compileCalendar, type CompiledCalendar } from './calendar.engine.ts';
import type { RuleRow } from './dispatch.engine.ts';
import { pointInGeometry } from './geo.engine.ts';
import * as repo from './incidents.repo.ts';

/**
 * What the intake reads for every incident — categories, dispatch rules, calendars, outlines,
 * number prefixes and regions — held in memory so the hot path does no lookups. A config write
 * calls {@link invalidateIncidentConfig}, which drops this process's copy at once and NOTIFYs
 * `zhili_incident_config` so every other process drops its own (see stream.ts); a short TTL
 * bounds staleness should a notification ever be missed.
 */

export const CONFIG_CHANNEL = 'zhili_incident_config';
const TTL_MS = 30_000;
const REGION_CACHE_LIMIT = 100_000;

const ClocksByPriority = z.partialRecord(Priority, ClockTargets);

export interface CachedCategory {
  code: string;
  nameZh: string;
  handlingLevel: HandlingLevel;
  defaultOrganizationId: string | null;
  onSiteRequired: boolean;
  defaultPriority: Priority;
  dispute: boolean;
  clocks: Partial<Record<Priority, ClockTargets>>;
  attributes: ServiceAttribute[];
  active: boolean;
}

export interface CachedRegion {
  code: string;
  name: string;
  level: string;
  path: string;
}

export interface CachedOutline {
  code: string;
  depth: number;
  geometry: unknown;
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
}

/** One consistent copy of the intake configuration. */
export interface ConfigSnapshot {
  categories: Map<string, CachedCategory>;
  rules: RuleRow[];
  calendars: Map<string, CompiledCalendar>;
  /** Deepest (most specific) outlines first. */
  outlines: CachedOutline[];
  /** Prefix per region code; the nearest ancestor's applies. */
  prefixes: Map<string, string>;
  loadedAt: number;
}

async function loadSnapshot(db: Tx): Promise<ConfigSnapshot> {
  const raw = await repo.loadIntakeConfig(db);
  const categories = new Map<string, CachedCategory>();
  for (const c of raw.categories) {
    const clocks = ClocksByPriority.safeParse(c.clocks);
    const attributes = z.array(ServiceAttribute).safeParse(c.attributes);
    const level = HandlingLevel.safeParse(c.handlingLevel);
    const priority = Priority.safeParse(c.defaultPriority);
    categories.set(c.code, {
      code: c.code,
      nameZh: c.nameZh,
      handlingLevel: level.success ? level.data : 'community',
      defaultOrganizationId: c.defaultOrganizationId,
      onSiteRequired: c.onSiteRequired,
      defaultPriority: priority.success ? priority.data : 'normal',
      dispute: c.dispute,
      clocks: clocks.success ? clocks.data : {},
      attributes: attributes.success ? attributes.data : [],
      active: c.active,
    });
  }
  const calendars = new Map<string, CompiledCalendar>();
  for (const cal of raw.calendars) {
    try {
      calendars.set(cal.code, compileCalendar(cal));
    } catch {
      // A calendar the engine refuses counts as "around the clock" rather than stopping intake.
    }
  }
  const rules: RuleRow[] = raw.rules.flatMap((r) => {
    const level = HandlingLevel.safeParse(r.handlingLevel);
    return level.success ? [{ ...r, handlingLevel: level.data }] : [];
  });
  const outlines = raw.outlines
    .map((o) => ({ ...o, depth: o.path ? o.path.split('/').length : 0 }))
    .sort((a, b) => b.depth - a.depth);
  return {
    categories,
    rules,
    calendars,
    outlines,
    prefixes: new Map(raw.prefixes.map((p) => [p.regionCode, p.prefix])),
    loadedAt: Date.now(),
  };
}

/** The per-database cache (tests run several databases in one process). */
export class IncidentConfigCache {
  private snapshot: ConfigSnapshot | null = null;
  private loading: Promise<ConfigSnapshot> | null = null;
  /** Bumped by every invalidation, so a load that began before it never installs its stale copy. */
  private generation = 0;
  private regions = new Map<string, CachedRegion>();

  constructor(private readonly db: Db) {}

  /** Forget everything: the next intake reloads. */
  invalidate(): void {
    this.snapshot = null;
    this.loading = null;
    this.generation += 1;
    this.regions.clear();
  }

  /**
   * The current configuration. After an invalidation the caller waits for the reload (so a
   * category created a moment ago is usable at once); after a mere TTL expiry the old copy is
   * served while a fresh one loads, keeping the intake's latency flat.
   */
  async get(): Promise<ConfigSnapshot> {
    const s = this.snapshot;
    if (s && Date.now() - s.loadedAt < TTL_MS) return s;
    const load = this.reload();
    return s ?? load;
  }

  private reload(): Promise<ConfigSnapshot> {
    if (this.loading) return this.loading;
    const generation = this.generation;
    const loading = loadSnapshot(this.db)
      .then((snap) => {
        if (generation === this.generation) this.snapshot = snap;
        // Regions change rarely; they are dropped on invalidation and when the map grows large.
        if (this.regions.size > REGION_CACHE_LIMIT) this.regions.clear();
        return snap;
      })
      .finally(() => {
        if (this.loading === loading) this.loading = null;
      });
    this.loading = loading;
    return loading;
  }

  /** Regions by code, loading the ones not yet cached in one query. */
  async regionsByCode(codes: readonly string[]): Promise<Map<string, CachedRegion>> {
    const out = new Map<string, CachedRegion>();
    const missing: string[] = [];
    for (const code of codes) {
      const hit = this.regions.get(code);
      if (hit) out.set(code, hit);
      else missing.push(code);
    }
    if (missing.length > 0) {
      for (const r of await repo.findRegions(this.db, missing)) {
        this.regions.set(r.code, r);
        out.set(r.code, r);
      }
    }
    return out;
  }

  /** A region and all its ancestors (root first); null when the code is unknown. */
  async regionWithAncestors(code: string): Promise<{ region: CachedRegion; ancestors: CachedRegion[] } | null> {
    const first = await this.regionsByCode([code]);
    const region = first.get(code);
    if (!region) return null;
    const codes = region.path.split('/');
    const all = await this.regionsByCode(codes);
    return { region, ancestors: codes.flatMap((c) => (all.has(c) ? [all.get(c)!] : [])) };
  }
}

const caches = new Map<Db, IncidentConfigCache>();

/** The configuration cache of `db`'s database. */
export function configCache(db: Db): IncidentConfigCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new IncidentConfigCache(db);
    caches.set(db, cache);
  }
  return cache;
}

/** Drops a database's cache entirely (its pool is closing). */
export function forgetConfigCache(db: Db): void {
  caches.delete(db);
}

/** Drops every cached copy in this process (called on NOTIFY from other processes too). */
export function invalidateLocalConfig(): void {
  for (const c of caches.values()) c.invalidate();
}

/**
 * Call after any write to categories, dispatch rules, calendars, outlines, prefixes or regions.
 * Drops this process's cached configuration at once; given the writing transaction, it also
 * NOTIFYs the other processes (delivered when that transaction commits).
 */
export async function invalidateIncidentConfig(tx?: Tx): Promise<void> {
  invalidateLocalConfig();
  if (tx) await tx.execute(sql`select pg_notify(${CONFIG_CHANNEL}, '')`);
}

/** The prefix of a region path: the nearest ancestor (or itself) that has one. */
export function prefixFor(snapshot: ConfigSnapshot, path: string | null, fallback: string): string {
  if (!path) return fallback;
  const codes = path.split('/');
  for (let i = codes.length - 1; i >= 0; i--) {
    const p = snapshot.prefixes.get(codes[i]!);
    if (p) return p;
  }
  return fallback;
}

/** The deepest outlined region containing the point, or null. */
export function locateByOutline(snapshot: ConfigSnapshot, lat: number, lng: number): string | null {
  for (const o of snapshot.outlines) {
    if (lat < o.minLat || lat > o.maxLat || lng < o.minLng || lng > o.maxLng) continue;
    if (pointInGeometry({ lat, lng }, o.geometry)) return o.code;
  }
  return null;
}
