/**
 * Bearer authentication (RFC 6750). A request without bearer credentials gets a
 * challenge with no error code (§3.1); a malformed, unknown, expired or revoked
 * token gets `error="invalid_token"`. Failures are counted per client address —
 * never against a token — and an address over its limit gets 429 before any
 * token lookup, which blunts token guessing.
 */
import type { RequestHandler } from 'express';
import type { Config } from './config.js';
import { HttpProblem } from './problem.js';
import { rateLimitHeaders, type RateLimiter } from './rate-limit.js';
import type { TokenStore } from '../store/token-store.js';
import { isWellFormedSecret } from '../store/token-secret.js';

const challenge = 'Bearer realm="omsim"';
const invalidTokenChallenge = 'Bearer realm="omsim", error="invalid_token"';

export function authenticate(tokens: TokenStore, failures: RateLimiter, config: Config): RequestHandler {
  const fail = async (ip: string, problem: HttpProblem): Promise<HttpProblem> => {
    const state = await failures.consume(ip, config.authFailures);
    if (state.allowed) return problem;
    return new HttpProblem(429, 'too_many_failed_attempts', `Too many requests with bad credentials from this address; retry in ${state.resetSeconds} s.`, {
      headers: rateLimitHeaders(state),
    });
  };

  return async (req, res, next) => {
    const ip = req.ip ?? 'unknown';
    const guard = await failures.peek(ip, config.authFailures);
    if (!guard.allowed) {
      return next(
        new HttpProblem(429, 'too_many_failed_attempts', `Too many requests with bad credentials from this address; retry in ${guard.resetSeconds} s.`, {
          headers: rateLimitHeaders(guard),
        }),
      );
    }
    const header = req.headers.authorization;
    // RFC 9110 §11.1: the scheme is case-insensitive; RFC 6750 §2.1: one space, then the token.
    const match = header === undefined ? null : /^bearer(?: +(\S*))?\s*$/i.exec(header);
    if (!match) {
      return next(
        await fail(ip, new HttpProblem(401, 'missing_credentials', 'Send a bearer token in the Authorization header.', {
          headers: { 'WWW-Authenticate': challenge },
        })),
      );
    }
    const secret = match[1] ?? '';
    const invalid = (detail: string) =>
      new HttpProblem(401, 'invalid_token', detail, { headers: { 'WWW-Authenticate': invalidTokenChallenge } });
    if (!isWellFormedSecret(secret)) return next(await fail(ip, invalid('The token is malformed: OMSIM tokens are omsim_ followed by 43 characters.')));
    const token = tokens.findBySecret(secret);
    if (!token) return next(await fail(ip, invalid('The token is not known (it may have been rotated).')));
    if (token.revokedAt !== null) return next(await fail(ip, invalid('The token has been revoked.')));
    if (!tokens.isActive(token)) return next(await fail(ip, invalid('The token has expired.')));
    res.locals.token = token;
    next();
  };
}
