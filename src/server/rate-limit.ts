/**
 * Quotas with rate-limiter-flexible: fixed windows, counted in memory by default
 * or in Redis (OMSIM_REDIS_URL) so that several server processes share one quota.
 * Headers follow draft-ietf-httpapi-ratelimit-headers (RateLimit-Limit,
 * -Remaining, -Reset) and RFC 9110 §10.2.3 (Retry-After).
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Quota } from './config.js';

export interface QuotaState {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export function rateLimitHeaders(state: QuotaState): Record<string, string> {
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(state.limit),
    'RateLimit-Remaining': String(state.remaining),
    'RateLimit-Reset': String(state.resetSeconds),
  };
  if (!state.allowed) headers['Retry-After'] = String(Math.max(1, state.resetSeconds));
  return headers;
}

/** Counts requests per key against a quota; one limiter per distinct quota. */
export class RateLimiter {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly prefix: string, private readonly redis?: Redis) {}

  private limiterFor(quota: Quota): RateLimiterAbstract {
    const id = `${quota.limit}/${quota.windowSeconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const opts = { points: quota.limit, duration: quota.windowSeconds, keyPrefix: `omsim:${this.prefix}:${id}` };
      limiter = this.redis
        ? new RateLimiterRedis({ ...opts, storeClient: this.redis, useRedisPackage: false })
        : new RateLimiterMemory(opts);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  /** Counts one request; `allowed: false` when over quota. */
  async consume(key: string, quota: Quota): Promise<QuotaState> {
    try {
      return this.state(quota, await this.limiterFor(quota).consume(key), true);
    } catch (e) {
      if (e instanceof RateLimiterRes) return this.state(quota, e, false);
      throw e;
    }
  }

  /** The state without counting; `allowed: false` if the key is already over quota. */
  async peek(key: string, quota: Quota): Promise<QuotaState> {
    const res = await this.limiterFor(quota).get(key);
    if (!res) return { allowed: true, limit: quota.limit, remaining: quota.limit, resetSeconds: quota.windowSeconds };
    return this.state(quota, res, res.consumedPoints <= quota.limit);
  }

  private state(quota: Quota, res: RateLimiterRes, allowed: boolean): QuotaState {
    return {
      allowed,
      limit: quota.limit,
      remaining: Math.max(0, res.remainingPoints),
      resetSeconds: Math.max(0, Math.ceil(res.msBeforeNext / 1000)),
    };
  }
}
