/**
 * Security headers as helmet chooses them (its defaults: Content-Security-Policy,
 * Strict-Transport-Security, X-Content-Type-Options: nosniff, …).
 *
 * With a static configuration helmet sets the same headers on every response, so
 * they are collected once, at start-up, by running helmet against a response that
 * only records them; each request then gets them in one loop rather than through
 * helmet's chain of a dozen middlewares. Helmet stays the source of truth.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

function recordHeaders(options?: HelmetOptions): [string, string][] {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string | number | string[]) => void headers.set(name, String(value)),
    removeHeader: (name: string) => void headers.delete(name),
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    finished = true;
  });
  // A helmet option that depends on the request (a CSP nonce function, say) would break this.
  if (!finished) throw new Error('helmet did not finish synchronously: its headers depend on the request');
  return [...headers];
}

export function securityHeaders(options?: HelmetOptions): RequestHandler {
  const headers = recordHeaders(options);
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
