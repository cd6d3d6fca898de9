/**
 * Per-token quota: the token's own (set at issuance) or its role's default. Every
 * authenticated response carries the rate-limit headers; over quota is 429.
 */
import type { RequestHandler } from 'express';
import type { Config, Quota } from './config.js';
import { HttpProblem } from './problem.js';
import { rateLimitHeaders, type RateLimiter } from './rate-limit.js';
import type { TokenRecord } from '../store/token-store.js';

export function effectiveQuota(token: TokenRecord, config: Config): Quota {
  return token.quota ?? config.quotas[token.role];
}

export function enforceQuota(limiter: RateLimiter, config: Config): RequestHandler {
  return async (_req, res, next) => {
    const token = res.locals.token as TokenRecord;
    const quota = effectiveQuota(token, config);
    const state = await limiter.consume(token.id, quota);
    res.locals.quotaState = state;
    const headers = rateLimitHeaders(state);
    if (!state.allowed) {
      return next(
        new HttpProblem(429, 'quota_exceeded', `The quota of ${quota.limit} requests per ${quota.windowSeconds} s is used up; retry in ${headers['Retry-After']} s.`, { headers }),
      );
    }
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    next();
  };
}
