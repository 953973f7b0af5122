import pg from 'pg';
import type { IncidentStatus, IncidentStreamEvent } from '@zhili/contracts';
import type { Actor } from '../../platform/context.ts';
import { CONFIG_CHANNEL, invalidateLocalConfig } from './intake.cache.ts';
import { INCIDENTS_CHANNEL } from './intake.repo.ts';
import { coversIncident } from './visibility.ts';

/**
 * Live updates for the dispatcher board. Each process keeps ONE dedicated connection that
 * LISTENs on `zhili_incidents` (changes, from any process) and `zhili_incident_config` (cache
 * invalidation), and fans every event out to its SSE subscribers whose scope covers it. The
 * connection reconnects by itself; on reconnect the config cache is dropped, since
 * notifications sent while it was down are lost.
 */

/** What the board learns about a change, plus the scope facts the filter needs. */
export interface StreamItem {
  event: IncidentStreamEvent;
  assigneeRegionPath: string | null;
  assigneeOrganizationId: string | null;
  /** Departments summoned to the incident by a whistle: their streams carry it too. */
  jointOrganizationIds: string[];
}

/** The ids in a payload's list of summoned departments (absent or malformed: none). */
function idList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Reads a NOTIFY payload: a JSON array of compact tuples (intake, lifecycle; the lifecycle's
 * carry the summoned departments ninth) or objects (sweeper).
 */
export function parseStreamPayload(payload: string): StreamItem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const out: StreamItem[] = [];
  for (const p of parsed as unknown[]) {
    if (Array.isArray(p)) {
      const [type, id, number, status, version, regionPath, assigneePath, org, joint] = p as unknown[];
      out.push({
        event: {
          type: type as IncidentStreamEvent['type'],
          id: String(id),
          number: String(number),
          status: status as IncidentStatus,
          version: Number(version),
          regionPath: (regionPath as string | null) ?? null,
        },
        assigneeRegionPath: (assigneePath as string | null) ?? null,
        assigneeOrganizationId: (org as string | null) ?? null,
        jointOrganizationIds: idList(joint),
      });
    } else if (p && typeof p === 'object') {
      const o = p as Record<string, unknown>;
      out.push({
        event: {
          type: (o.type as IncidentStreamEvent['type']) ?? 'changed',
          id: String(o.id),
          number: typeof o.number === 'string' ? o.number : '',
          status: o.status as IncidentStatus,
          version: Number(o.version ?? 0),
          regionPath: (o.regionPath as string | null) ?? null,
        },
        assigneeRegionPath: (o.assigneeRegionPath as string | null) ?? null,
        assigneeOrganizationId: (o.assigneeOrganizationId as string | null) ?? null,
        jointOrganizationIds: idList(o.jointOrganizationIds),
      });
    }
  }
  return out;
}

/**
 * Whether a subscriber with these grants may see the item: incident.read over its place or
 * unit, or for a department summoned to it (as visibility.ts decides for reads).
 */
export function streamVisible(actor: Actor, item: StreamItem): boolean {
  return coversIncident(actor, 'incident.read', {
    regionPath: item.event.regionPath,
    assigneeRegionPath: item.assigneeRegionPath,
    assigneeOrganizationId: item.assigneeOrganizationId,
    assigneeAccountId: null,
    reporterAccountId: null,
    jointOrganizationIds: item.jointOrganizationIds,
  });
}

interface Subscriber {
  actor: Actor;
  send: (e: IncidentStreamEvent) => void;
  end: () => void;
}

/** The process's LISTEN connection and its subscribers. */
export class IncidentListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private retryMs = 500;
  private timer: NodeJS.Timeout | null = null;
  private readonly subscribers = new Set<Subscriber>();
  /** Resolves once the first LISTEN is in place (tests wait for it). */
  readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;

  constructor(
    private readonly connectionString: string,
    private readonly log: (msg: string, err?: unknown) => void = () => undefined,
  ) {
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.connectionString, application_name: 'zhili-listen' });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    client.on('notification', (n) => this.dispatch(n.channel, n.payload ?? ''));
    try {
      await client.connect();
      await client.query(`listen ${INCIDENTS_CHANNEL}; listen ${CONFIG_CHANNEL}`);
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.retryMs = 500;
      // Whatever changed while we were not listening is unknown: reload the configuration.
      invalidateLocalConfig();
      this.markReady();
    } catch (err) {
      this.lost(client, err);
    }
  }

  private lost(client: pg.Client, err?: unknown): void {
    if (this.client !== null && this.client !== client) return;
    this.client = null;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    if (this.stopped || this.timer) return;
    this.log('incident LISTEN connection lost; reconnecting', err);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
  }

  private dispatch(channel: string, payload: string): void {
    if (channel === CONFIG_CHANNEL) {
      invalidateLocalConfig();
      return;
    }
    if (channel !== INCIDENTS_CHANNEL || this.subscribers.size === 0) return;
    const items = parseStreamPayload(payload);
    for (const s of this.subscribers) {
      for (const item of items) if (streamVisible(s.actor, item)) s.send(item.event);
    }
  }

  /** Adds a subscriber; returns its removal. */
  subscribe(actor: Actor, send: Subscriber['send'], end: Subscriber['end']): () => void {
    const s: Subscriber = { actor, send, end };
    this.subscribers.add(s);
    return () => this.subscribers.delete(s);
  }

  /** Closes the connection and ends every open stream (so the HTTP server can close). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const s of this.subscribers) s.end();
    this.subscribers.clear();
    const c = this.client;
    this.client = null;
    if (c) {
      c.removeAllListeners('end');
      await c.end().catch(() => undefined);
    }
  }
}

/** Seconds between SSE heartbeat comments (proxies drop silent connections). */
export const HEARTBEAT_MS = 15_000;

/** The text/event-stream frame of one event. */
export function sseFrame(e: IncidentStreamEvent): string {
  return `event: ${e.type}\nid: ${e.id}:${e.version}\ndata: ${JSON.stringify(e)}\n\n`;
}
