import type { IntakeReceipt } from '@zhili/contracts';
import type { Db } from '../../platform/db/pool.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import type { BatchOutcome } from './intake.batcher.ts';
import { findDuplicates } from './duplicates.repo.ts';
import * as repo from './intake.repo.ts';
import { formatIncidentNumber } from './numbering.engine.ts';

/**
 * One intake batch: replays and known source references are answered from the database, the
 * rest get serials from one counter block per prefix and year, and then ONE transaction writes
 * every row of every table with one multi-row statement per table.
 *
 * The reads and the counter block come before that transaction, each its own statement, so the
 * transaction holds no lock another batch needs and several batches commit in parallel. The
 * price: a batch that fails keeps its serials (its rows take them when retried alone), so a row
 * refused for good leaves a gap in the numbering. Numbers are unique and increase with intake.
 */

/** A request ready to write: everything computed except its serial number. */
export interface PreparedIntake {
  ctx: { actorId: string | null; actorName: string; requestId: string | null; ip: string | null };
  row: Omit<repo.IncidentInsert, 'number'>;
  prefix: string;
  year: number;
  events: repo.EventInsert[];
  clocks: repo.ClockInsert[];
  trackingCode: string;
  idempotency: { principal: string; key: string; requestHash: string } | null;
  /** The unit to notify when auto-dispatched. */
  notify: { regionCode: string | null; organizationId: string | null } | null;
  categoryName: string;
  /** The readable number, once claimed; a retried row keeps it. */
  number?: string;
}

export type IntakeResult = IntakeReceipt & { replayed: boolean };

/** Thrown when another process stored one of our Idempotency-Keys mid-batch: the rows are retried alone. */
class IdempotencyRace extends Error {}

function replayOf(body: string | null): IntakeResult {
  const receipt = JSON.parse(body ?? '{}') as IntakeReceipt;
  return { ...receipt, replayed: true };
}

export async function writeIntakeBatch(
  db: Db,
  items: readonly PreparedIntake[],
  opts: { checkDuplicates: boolean },
): Promise<BatchOutcome<IntakeResult>[]> {
  const outcomes = Array.from({ length: items.length }, (): BatchOutcome<IntakeResult> | undefined => undefined);

  const keyed = items.flatMap((it) => (it.idempotency ? [it.idempotency] : []));
  const stored = new Map(
    (await repo.findIdempotencyRows(db, keyed)).map((r) => [`${r.principal}\n${r.key}`, r] as const),
  );
  const refs = items.flatMap((it) =>
    it.row.sourceRef ? [{ channel: it.row.channel, sourceRef: it.row.sourceRef }] : [],
  );
  const known = new Map(
    (await repo.findBySourceRefs(db, refs)).map((r) => [`${r.channel}\n${r.sourceRef}`, r] as const),
  );

  const fresh: number[] = [];
  items.forEach((it, i) => {
    const k = it.idempotency;
    const prior = k ? stored.get(`${k.principal}\n${k.key}`) : undefined;
    if (k && prior) {
      if (prior.requestHash !== k.requestHash)
        outcomes[i] = { ok: false, error: PlatformErrors.IDEMPOTENCY_KEY_REUSED() };
      else if (prior.state !== 'done') outcomes[i] = { ok: false, error: PlatformErrors.IDEMPOTENCY_IN_PROGRESS() };
      else outcomes[i] = { ok: true, value: replayOf(prior.responseBody) };
      return;
    }
    const existing = it.row.sourceRef ? known.get(`${it.row.channel}\n${it.row.sourceRef}`) : undefined;
    if (existing) {
      const value = {
        id: existing.id,
        number: existing.number,
        status: existing.status as IntakeReceipt['status'],
        trackingCode: '',
        possibleDuplicates: [],
        replayed: true,
      };
      outcomes[i] = { ok: true, value };
      return;
    }
    fresh.push(i);
  });

  if (fresh.length > 0) {
    await claimNumbers(db, items, fresh);
    const dupes = opts.checkDuplicates ? await duplicatesOf(db, items, fresh) : new Map<number, Duplicates>();
    await db.transaction((tx) => writeFresh(tx, items, fresh, outcomes, dupes));
  }
  return outcomes.map((o) => o ?? { ok: false, error: new Error('intake row left without an outcome') });
}

type Duplicates = IntakeReceipt['possibleDuplicates'];

/** Gives each fresh item without a number the next serial of its prefix and year, one block per pair. */
async function claimNumbers(db: Db, items: readonly PreparedIntake[], fresh: readonly number[]): Promise<void> {
  const counts = new Map<string, { prefix: string; year: number; count: number }>();
  const unnumbered = fresh.filter((i) => items[i]!.number === undefined);
  if (unnumbered.length === 0) return;
  for (const i of unnumbered) {
    const it = items[i]!;
    const k = `${it.prefix}\n${it.year}`;
    const c = counts.get(k) ?? { prefix: it.prefix, year: it.year, count: 0 };
    c.count += 1;
    counts.set(k, c);
  }
  const lasts = await repo.claimSerialBlocks(db, [...counts.values()]);
  const next = new Map([...counts].map(([k, c]) => [k, (lasts.get(k) ?? c.count) - c.count + 1]));
  for (const i of unnumbered) {
    const it = items[i]!;
    const k = `${it.prefix}\n${it.year}`;
    const serial = next.get(k)!;
    next.set(k, serial + 1);
    it.number = formatIncidentNumber(it.prefix, it.year, serial);
  }
}

/** Open incidents near each fresh item (read before the transaction: suggestions, not constraints). */
async function duplicatesOf(
  db: Db,
  items: readonly PreparedIntake[],
  fresh: readonly number[],
): Promise<Map<number, Duplicates>> {
  const dupes = new Map<number, Duplicates>();
  const probes = fresh.map((i) => {
    const r = items[i]!.row;
    return { categoryCode: r.categoryCode, lat: r.lat, lng: r.lng, regionCode: r.regionCode };
  });
  for (const hit of await findDuplicates(db, probes)) {
    const i = fresh[hit.ord]!;
    const list = dupes.get(i) ?? [];
    list.push({ id: hit.id, number: hit.number, distanceM: hit.distanceM === null ? null : Math.round(hit.distanceM) });
    dupes.set(i, list);
  }
  return dupes;
}

type TxOf = Parameters<Parameters<Db['transaction']>[0]>[0];

async function writeFresh(
  tx: TxOf,
  items: readonly PreparedIntake[],
  fresh: readonly number[],
  outcomes: (BatchOutcome<IntakeResult> | undefined)[],
  dupes: ReadonlyMap<number, Duplicates>,
): Promise<void> {
  const incidents: repo.IncidentInsert[] = [];
  const events: repo.EventInsert[] = [];
  const clocks: repo.ClockInsert[] = [];
  const audit: repo.AuditInsert[] = [];
  const keys: repo.IdempotencyInsert[] = [];
  const notices: repo.UnitNotice[] = [];
  const wire: repo.StreamWire[] = [];
  for (const i of fresh) {
    const it = items[i]!;
    const number = it.number!;
    const row = { ...it.row, number };
    incidents.push(row);
    events.push(...it.events);
    clocks.push(...it.clocks);
    const receipt: IntakeReceipt = {
      id: row.id,
      number,
      status: row.status as IntakeReceipt['status'],
      trackingCode: it.trackingCode,
      possibleDuplicates: dupes.get(i) ?? [],
    };
    audit.push({
      at: row.receivedAt,
      actorId: it.ctx.actorId,
      actorName: it.ctx.actorName,
      action: 'incident.create',
      entity: 'incident',
      entityId: row.id,
      before: null,
      // Never the reporter's identity nor the tracking code: the audit log is kept for years.
      after: {
        number,
        categoryCode: row.categoryCode,
        status: row.status,
        priority: row.priority,
        channel: row.channel,
        regionCode: row.regionCode,
        handlingLevel: row.handlingLevel,
        assigneeOrganizationId: row.assigneeOrganizationId,
        assigneeRegionCode: row.assigneeRegionCode,
        anonymous: row.anonymous,
        sourceRef: row.sourceRef,
      },
      requestId: it.ctx.requestId,
      ip: it.ctx.ip,
    });
    if (it.idempotency) {
      keys.push({ ...it.idempotency, path: '/api/incidents', statusCode: 201, responseBody: JSON.stringify(receipt) });
    }
    if (it.notify) {
      notices.push({
        ...it.notify,
        accountId: null,
        payload: {
          title: `新派单 ${number}`,
          text: `${it.categoryName}：${row.description.slice(0, 200)}`,
          link: `/incidents/${row.id}`,
          kind: 'incident.dispatched',
        },
      });
    }
    wire.push([
      'created',
      row.id,
      number,
      row.status,
      1,
      row.regionPath,
      row.assigneeRegionPath,
      row.assigneeOrganizationId,
    ]);
    outcomes[i] = { ok: true, value: { ...receipt, replayed: false } };
  }

  const written = await repo.writeIntakeRows(tx, { incidents, events, clocks, audit, keys, notices, wire });
  if (written.keysStored !== keys.length) throw new IdempotencyRace('an Idempotency-Key was stored concurrently');
}
