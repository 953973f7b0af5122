import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { IncidentIntake, IntakeReceipt, Priority } from '@zhili/contracts';
import { requireAccess } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/pool.ts';
import { PlatformErrors, invalid, type AppError } from '../../platform/errors.ts';
import type { PiiCipher } from '../../platform/pii.ts';
import { clocksToStart, planClock, targetsFor } from './clocks.engine.ts';
import { matchRule, unitRegionFor } from './dispatch.engine.ts';
import { IncidentErrors } from './incidents.errors.ts';
import { IntakeBatcher } from './intake.batcher.ts';
import { configCache, locateByOutline, prefixFor, type CachedCategory, type CachedRegion } from './intake.cache.ts';
import { intakeRequestHash, type ClockInsert, type EventInsert, type IncidentInsert } from './intake.repo.ts';
import { writeIntakeBatch, type IntakeResult, type PreparedIntake } from './intake.writer.ts';
import { DEFAULT_PREFIX } from './numbering.engine.ts';

/**
 * One-window intake (一窗受理): every channel — resident form, grid worker, hotline, Open311,
 * sensors, other modules — ends here. Everything that can fail is checked before the row joins
 * the group-commit queue, so a batch only fails for reasons outside any one request.
 */

export const INTAKE_PATH = '/api/incidents';
/** Batches larger than this skip the duplicate lookup: under pressure the intake comes first. */
export const DUPLICATE_CHECK_MAX_BATCH = 200;
/** Intake transactions in flight at once: they take no lock from each other (intake.writer.ts). */
export const INTAKE_FLUSHES = 3;

interface Runtime {
  pii: PiiCipher;
  batcher: IntakeBatcher<PreparedIntake, IntakeResult>;
  /** Requests in flight by Idempotency-Key and by source reference: a concurrent twin waits for the first. */
  byKey: Map<string, { hash: string; result: Promise<IntakeResult> }>;
  bySource: Map<string, Promise<IntakeResult>>;
  batches: { count: number; rows: number };
}

const runtimes = new Map<Db, Runtime>();

/** Wires the intake to a database and the personal-data cipher (the module's routes do this). */
export function attachIntake(deps: { db: Db; pii: PiiCipher }): void {
  if (runtimes.has(deps.db)) return;
  const rt: Runtime = {
    pii: deps.pii,
    byKey: new Map(),
    bySource: new Map(),
    batches: { count: 0, rows: 0 },
    batcher: new IntakeBatcher<PreparedIntake, IntakeResult>({
      write: (items) =>
        writeIntakeBatch(deps.db, items, { checkDuplicates: items.length <= DUPLICATE_CHECK_MAX_BATCH }),
      concurrency: INTAKE_FLUSHES,
      overloaded: () => IncidentErrors.INCIDENT_INTAKE_OVERLOADED(),
      onBatch: (size) => {
        rt.batches.count += 1;
        rt.batches.rows += size;
      },
    }),
  };
  runtimes.set(deps.db, rt);
}

/** Waits for queued intakes to commit and forgets the database (shutdown). */
export async function detachIntake(db: Db): Promise<void> {
  const rt = runtimes.get(db);
  if (!rt) return;
  await rt.batcher.drain();
  runtimes.delete(db);
}

/** Batches committed so far on `db` (for the throughput check and tests). */
export function intakeStats(db: Db): { count: number; rows: number } {
  return runtimes.get(db)?.batches ?? { count: 0, rows: 0 };
}

/** The personal-data cipher the intake was attached with (null when not attached). */
export function piiOf(db: Db): PiiCipher | null {
  return runtimes.get(db)?.pii ?? null;
}

function runtime(db: Db): Runtime {
  const rt = runtimes.get(db);
  if (!rt) throw new Error('the incidents intake is not attached to this database (call attachIntake)');
  return rt;
}

const TRACKING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 10 characters without look-alikes (0/O, 1/I): about 50 bits, read out over the phone. */
export function newTrackingCode(): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return code;
}

export function trackingHash(code: string): string {
  return createHash('sha256').update(code.trim().toUpperCase()).digest('hex');
}

/** Shanghai calendar year of an instant (the serial restarts each year). */
function shanghaiYear(d: Date): number {
  return new Date(d.getTime() + 8 * 3600_000).getUTCFullYear();
}

function checkAttributes(category: CachedCategory, given: IncidentIntake['attributes']): void {
  const known = new Map(category.attributes.map((a) => [a.code, a]));
  const fail = (code: string, message: string): AppError =>
    IncidentErrors.INCIDENT_ATTRIBUTE_INVALID([{ path: `body.attributes.${code}`, code: 'invalid', message }]);
  for (const code of Object.keys(given)) {
    if (!known.has(code)) throw fail(code, `category ${category.code} has no attribute ${code}`);
  }
  for (const a of category.attributes) {
    const v = given[a.code];
    const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (a.required && a.variable) throw fail(a.code, `${a.description} is required`);
      continue;
    }
    const values = Array.isArray(v) ? v : [v];
    if (a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist') {
      if (a.datatype === 'singlevaluelist' && values.length > 1) throw fail(a.code, 'choose one value');
      const keys = new Set(a.values.map((x) => x.key));
      const bad = values.find((x) => !keys.has(x));
      if (bad !== undefined) throw fail(a.code, `${bad} is not one of the allowed values`);
    } else if (a.datatype === 'number' && values.some((x) => x.trim() === '' || !Number.isFinite(Number(x)))) {
      throw fail(a.code, 'must be a number');
    } else if (a.datatype === 'datetime' && values.some((x) => Number.isNaN(Date.parse(x)))) {
      throw fail(a.code, 'must be a date and time');
    }
  }
}

/**
 * The place of the incident: the chosen region, else the outline around the point, else the
 * reporter's own region when they have exactly one (a resident's community, a grid worker's grid,
 * an API key's region; not for anonymous reports), else none. Without a place an incident reaches
 * no local dispatcher's scope.
 */
async function resolvePlace(
  ctx: Ctx,
  input: IncidentIntake,
): Promise<{ region: CachedRegion; ancestors: CachedRegion[] } | null> {
  const cache = configCache(ctx.db);
  const { regionCode, lat, lng } = input.location;
  if (regionCode) {
    const found = await cache.regionWithAncestors(regionCode);
    if (!found) {
      throw IncidentErrors.INCIDENT_UNKNOWN_REGION([
        { path: 'body.location.regionCode', code: 'unknown_region', message: `unknown region ${regionCode}` },
      ]);
    }
    return found;
  }
  if (lat !== null && lng !== null) {
    const code = locateByOutline(await cache.get(), lat, lng);
    if (code) return cache.regionWithAncestors(code);
  }
  if (input.reporter.anonymous) return null;
  const own = new Set(ctx.actor.grants.flatMap((g) => (g.regionCode && !g.organizationId ? [g.regionCode] : [])));
  const [only] = own;
  return own.size === 1 && only ? cache.regionWithAncestors(only) : null;
}

function principalOf(ctx: Ctx): string {
  const a = ctx.actor;
  return a.id ? `${a.kind}:${a.id}` : `anon:${ctx.ip ?? ''}`;
}

/** Builds the rows of one intake; throws AppError for anything wrong with the request. */
async function prepare(
  ctx: Ctx,
  input: IncidentIntake,
  pii: PiiCipher,
  idempotencyKey?: string,
): Promise<PreparedIntake> {
  // PostgreSQL text cannot hold NUL: refuse it here rather than sink the whole batch.
  if (JSON.stringify(input).includes('\\u0000')) throw invalid('body', 'text must not contain NUL characters', 'nul');
  const snap = await configCache(ctx.db).get();
  const category = snap.categories.get(input.categoryCode);
  if (!category || !category.active) {
    throw IncidentErrors.INCIDENT_UNKNOWN_CATEGORY([
      { path: 'body.categoryCode', code: 'unknown_category', message: `unknown category ${input.categoryCode}` },
    ]);
  }
  checkAttributes(category, input.attributes);
  const place = await resolvePlace(ctx, input);
  const priority: Priority = input.priority ?? category.defaultPriority;
  const regionPath = place?.region.path ?? null;

  const rule = matchRule(snap.rules, category.code, regionPath);
  const level = rule?.handlingLevel ?? category.handlingLevel;
  const unitOrg = level === 'department' ? (rule?.organizationId ?? category.defaultOrganizationId) : null;
  const unitRegion = level !== 'department' && place ? unitRegionFor(level, place.ancestors) : null;
  const auto = Boolean(rule?.autoDispatch) && (unitOrg !== null || unitRegion !== null);

  const now = new Date();
  const id = randomUUID();
  const targets = targetsFor(category.clocks, priority);
  const cal = targets.calendar ? (snap.calendars.get(targets.calendar) ?? null) : null;
  const clocks: ClockInsert[] = [];
  for (const p of clocksToStart('received', targets, category.onSiteRequired, 'receive')) {
    const t = planClock(now, p.targetMs, cal);
    // Auto-dispatch answers and dispatches in the same instant: both clocks are met at intake.
    clocks.push({
      incidentId: id,
      kind: p.kind,
      organizationId: null,
      state: auto ? 'met' : 'running',
      calendar: p.calendar,
      startedAt: now,
      warnAt: t.warnAt,
      dueAt: t.dueAt,
      checkAt: auto ? null : t.checkAt,
      metAt: auto ? now : null,
      targetMs: p.targetMs,
    });
  }
  if (auto) {
    for (const p of clocksToStart('dispatched', targets, category.onSiteRequired, 'dispatch')) {
      const t = planClock(now, p.targetMs, cal);
      clocks.push({
        incidentId: id,
        kind: p.kind,
        organizationId: null,
        state: 'running',
        calendar: p.calendar,
        startedAt: now,
        warnAt: t.warnAt,
        dueAt: t.dueAt,
        checkAt: t.checkAt,
        metAt: null,
        targetMs: p.targetMs,
      });
    }
  }
  const running = clocks.filter((c) => c.state === 'running' && c.dueAt);
  const nextDueAt = running.length ? new Date(Math.min(...running.map((c) => c.dueAt!.getTime()))) : null;

  const actor = ctx.actor;
  const base = { incidentId: id, at: now, actorKind: actor.kind, actorId: actor.id, actorName: actor.name, note: null };
  const events: EventInsert[] = [
    { ...base, action: 'receive', fromStatus: null, toStatus: 'received', data: { channel: input.channel } },
  ];
  if (auto) {
    events.push({
      ...base,
      action: 'dispatch',
      fromStatus: 'received',
      toStatus: 'dispatched',
      data: { auto: true, ruleId: rule?.id ?? null, organizationId: unitOrg, regionCode: unitRegion?.code ?? null },
    });
  }

  const r = input.reporter;
  const keep = (v: string | null): v is string => !r.anonymous && v !== null;
  const trackingCode = newTrackingCode();
  const row: Omit<IncidentInsert, 'number'> = {
    id,
    categoryCode: category.code,
    description: input.description,
    address: input.location.address,
    lat: input.location.lat,
    lng: input.location.lng,
    regionCode: place?.region.code ?? null,
    regionPath,
    reporterAccountId: actor.kind === 'account' ? actor.id : null,
    reporterNameEnc: keep(r.name) ? pii.encrypt(r.name) : null,
    reporterPhoneEnc: keep(r.phone) ? pii.encrypt(r.phone) : null,
    reporterPhoneIndex: keep(r.phone) ? pii.blindIndex('phone', r.phone) : null,
    reporterEmailEnc: keep(r.email) ? pii.encrypt(r.email) : null,
    anonymous: r.anonymous,
    trackingHash: trackingHash(trackingCode),
    priority,
    channel: input.channel,
    status: auto ? 'dispatched' : 'received',
    handlingLevel: level,
    assigneeOrganizationId: auto ? unitOrg : null,
    assigneeRegionCode: auto ? (unitRegion?.code ?? null) : null,
    assigneeRegionPath: auto ? (unitRegion?.path ?? null) : null,
    sourceRef: input.sourceRef,
    attributes: input.attributes,
    attachmentIds: input.attachmentIds,
    mediaUrl: input.mediaUrl,
    nextDueAt,
    receivedAt: now,
    respondedAt: auto ? now : null,
    dispatchedAt: auto ? now : null,
  };
  return {
    ctx: {
      actorId: actor.kind === 'account' ? actor.id : null,
      actorName: actor.name,
      requestId: ctx.requestId,
      ip: ctx.ip,
    },
    row,
    prefix: prefixFor(snap, regionPath, DEFAULT_PREFIX),
    year: shanghaiYear(now),
    events,
    clocks,
    trackingCode,
    idempotency: idempotencyKey
      ? { principal: principalOf(ctx), key: idempotencyKey, requestHash: intakeRequestHash(INTAKE_PATH, input) }
      : null,
    notify: auto ? { regionCode: unitRegion?.code ?? null, organizationId: unitOrg } : null,
    categoryName: category.nameZh,
  };
}

/**
 * One-window intake; access 'incident.report'. The incident, its timeline, clocks, audit entry,
 * idempotency record and (when auto-dispatched) the unit's notifications are committed when
 * this returns. With `idempotencyKey`, a retry with the same body returns the first receipt
 * (`replayed: true`) and a different body is refused; a repeated `sourceRef` of the channel
 * returns the incident already filed (without its tracking code, which only the first caller got).
 */
export async function submitIncident(
  ctx: Ctx,
  input: IncidentIntake,
  opts: { idempotencyKey?: string } = {},
): Promise<IntakeReceipt & { replayed: boolean }> {
  await requireAccess(ctx, 'incident.report');
  const rt = runtime(ctx.db);
  const key = opts.idempotencyKey;
  if (key !== undefined) {
    const slot = `${principalOf(ctx)}\n${key}`;
    const hash = intakeRequestHash(INTAKE_PATH, input);
    const twin = rt.byKey.get(slot);
    if (twin) {
      if (twin.hash !== hash) throw PlatformErrors.IDEMPOTENCY_KEY_REUSED();
      return { ...(await twin.result), replayed: true };
    }
    const result = submitBySource(ctx, rt, input, key);
    rt.byKey.set(slot, { hash, result });
    try {
      return await result;
    } finally {
      rt.byKey.delete(slot);
    }
  }
  return submitBySource(ctx, rt, input, undefined);
}

async function submitBySource(ctx: Ctx, rt: Runtime, input: IncidentIntake, key: string | undefined) {
  if (input.sourceRef === null) return rt.batcher.submit(await prepare(ctx, input, rt.pii, key));
  const slot = `${input.channel}\n${input.sourceRef}`;
  const twin = rt.bySource.get(slot);
  if (twin) {
    const first = await twin;
    return { ...first, trackingCode: '', possibleDuplicates: [], replayed: true };
  }
  const result = prepare(ctx, input, rt.pii, key).then((p) => rt.batcher.submit(p));
  rt.bySource.set(slot, result);
  try {
    return await result;
  } finally {
    rt.bySource.delete(slot);
  }
}
