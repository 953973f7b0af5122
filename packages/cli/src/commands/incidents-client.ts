import type { Me } from '@zhili/contracts';

/**
 * A small JSON client of the zhili API for the simulator: API key or sign-in (cookie + CSRF),
 * retries on network errors, and latency/error statistics of every call.
 */

/** What a caller gets back: the status (0 = no answer after retries), the parsed body, the time. */
export interface CallResult<T> {
  status: number;
  body: T | null;
  /** The stable error code of a refused call ('NETWORK' when the server never answered). */
  code: string | null;
  ms: number;
}

/** Counts, errors by code and latencies of calls, per kind of call. */
export class CallStats {
  sent = 0;
  ok = 0;
  readonly errors = new Map<string, number>();
  private readonly latencies: number[] = [];

  record(ok: boolean, code: string | null, ms: number | null): void {
    this.sent++;
    if (ok) this.ok++;
    else this.errors.set(code ?? 'UNKNOWN', (this.errors.get(code ?? 'UNKNOWN') ?? 0) + 1);
    if (ms !== null) this.latencies.push(ms);
  }

  /** Records one call's outcome. */
  add(r: CallResult<unknown>): void {
    this.record(r.status >= 200 && r.status < 300, r.code, r.status === 0 ? null : r.ms);
  }

  /** The q-quantile of recorded latencies in ms (nearest rank), null before any answer. */
  quantile(q: number): number | null {
    if (this.latencies.length === 0) return null;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? null;
  }
}

export type Credentials = { apiKey: string } | { username: string; password: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Backoff between attempts when the server does not answer (restarting, overloaded). */
const RETRY_DELAYS_MS = [200, 500, 1000, 2000, 4000];

export class ApiClient {
  private constructor(
    readonly baseUrl: string,
    private headers: Record<string, string>,
    /** The signed-in account (null for an API key). */
    readonly me: Me | null,
    private readonly creds: Credentials,
  ) {}

  /** Connects with an API key (checked by a first call) or signs in with username and password. */
  static async connect(baseUrl: string, creds: Credentials): Promise<ApiClient> {
    const url = baseUrl.replace(/\/+$/, '');
    if ('apiKey' in creds) {
      const client = new ApiClient(url, { authorization: `Bearer ${creds.apiKey}` }, null, creds);
      const probe = await client.call('GET', '/api/incidents?pageSize=1');
      if (probe.status !== 200) throw new Error(`the API key was refused (${probe.status} ${probe.code ?? ''})`);
      return client;
    }
    const { headers, me } = await signIn(url, creds);
    return new ApiClient(url, headers, me, creds);
  }

  /**
   * One call; network failures are retried (same body and headers, so an Idempotency-Key makes
   * the retry safe). A session that ended (expiry, server restart) is signed in again once.
   */
  async call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<CallResult<T>> {
    const first = await this.callOnce<T>(method, path, body, headers);
    if (first.status !== 401 || 'apiKey' in this.creds) return first;
    try {
      this.headers = (await signIn(this.baseUrl, this.creds)).headers;
    } catch {
      return first;
    }
    return this.callOnce<T>(method, path, body, headers);
  }

  private async callOnce<T>(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<CallResult<T>> {
    const t0 = performance.now();
    const res = await fetchWithRetry(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...this.headers,
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res) return { status: 0, body: null, code: 'NETWORK', ms: performance.now() - t0 };
    const text = await res.text();
    const ms = performance.now() - t0;
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    const ok = res.status >= 200 && res.status < 300;
    const code = ok
      ? null
      : parsed !== null && typeof parsed === 'object' && 'code' in parsed && typeof parsed.code === 'string'
        ? parsed.code
        : `HTTP_${res.status}`;
    return { status: res.status, body: ok ? (parsed as T) : null, code, ms };
  }
}

/** Signs in with a username and password: the cookie and CSRF header every later call sends. */
async function signIn(
  url: string,
  creds: { username: string; password: string },
): Promise<{ headers: Record<string, string>; me: Me }> {
  const res = await fetchWithRetry(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: creds.username, password: creds.password }),
  });
  if (!res || res.status !== 200) {
    throw new Error(`sign-in as ${creds.username} failed (${res ? `${res.status} ${await res.text()}` : 'no answer'})`);
  }
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const me = (await res.json()) as Me;
  return { headers: { cookie, 'x-csrf-token': me.csrfToken }, me };
}

/** fetch, retried on network errors only; null when every attempt failed. */
async function fetchWithRetry(url: string, init: RequestInit): Promise<Response | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch {
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined) return null;
      await sleep(delay);
    }
  }
}
