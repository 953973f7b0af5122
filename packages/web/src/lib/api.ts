import type { ErrorBody, ErrorDetail } from '@zhili/contracts';

/** A failed API call: the HTTP status and the server's error body (`{ code, message, … }`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(`${body.code}: ${body.messageEn}`);
    this.name = 'ApiError';
  }
  get code(): string {
    return this.body.code;
  }
  get details(): ErrorDetail[] {
    return this.body.details;
  }
}

/** The network or the server failed without an error body (offline, proxy error, HTML page). */
export class NetworkError extends Error {
  constructor(readonly status: number | null) {
    super(status === null ? 'network unreachable' : `HTTP ${status}`);
    this.name = 'NetworkError';
  }
}

// The CSRF token of the current session. It comes with login and `GET /api/auth/me`; every
// non-GET request echoes it so a cross-site form cannot ride the session cookie.
let csrfToken: string | null = null;

/** Remembers the CSRF token of the session (null after logout). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type QueryValue = string | number | boolean | null | undefined;

/**
 * Builds `path?query`, leaving out empty values: list queries are strict on the server, so an
 * empty `type=` would be refused instead of meaning "any".
 */
export function withQuery(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorBody).code === 'string' &&
    typeof (value as ErrorBody).message === 'string'
  );
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  /** Sent as JSON unless `contentType` says otherwise (then it must be a string). */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

/** Calls the JSON API; resolves with the parsed body or throws {@link ApiError}/{@link NetworkError}. */
export async function apiRequest<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.body !== undefined) {
    if (opts.contentType && opts.contentType !== 'application/json') {
      headers['content-type'] = opts.contentType;
      // Raw bodies (a CSV file) go as they are; anything else would not be meaningful text.
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    } else {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new NetworkError(null);
  }

  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!res.ok) {
    if (isErrorBody(parsed)) {
      throw new ApiError(res.status, {
        ...parsed,
        messageEn: parsed.messageEn ?? parsed.message,
        details: Array.isArray(parsed.details) ? parsed.details : [],
      });
    }
    throw new NetworkError(res.status);
  }
  return parsed as T;
}

/** Shorthands for the four verbs the app uses. */
export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
    apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  delete: <T>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
};

/** True when the error means "not logged in" (the session expired or never existed). */
export function isUnauthenticated(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401;
}
