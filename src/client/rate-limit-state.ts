/**
 * The rate-limit state a response reports, read from the `RateLimit-Limit`,
 * `RateLimit-Remaining` and `RateLimit-Reset` fields (draft-ietf-httpapi-ratelimit-headers)
 * and `Retry-After` (RFC 9110 §10.2.3), as the contract declares them.
 */
export interface RateLimitState {
  /** Requests allowed per window. */
  limit: number;
  /** Requests left in the current window. */
  remaining: number;
  /** Seconds until the window ends. */
  resetSeconds: number;
  /** Seconds to wait before retrying, on a 429. */
  retryAfterSeconds?: number;
}

function intHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

/** Reads the rate-limit fields of a response; `undefined` when it has none (a 401, say). */
export function readRateLimit(headers: Headers): RateLimitState | undefined {
  const limit = intHeader(headers, 'RateLimit-Limit');
  const remaining = intHeader(headers, 'RateLimit-Remaining');
  const resetSeconds = intHeader(headers, 'RateLimit-Reset');
  if (limit === undefined || remaining === undefined || resetSeconds === undefined) return undefined;
  const retryAfterSeconds = intHeader(headers, 'Retry-After');
  return retryAfterSeconds === undefined
    ? { limit, remaining, resetSeconds }
    : { limit, remaining, resetSeconds, retryAfterSeconds };
}
