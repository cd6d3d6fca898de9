/**
 * In production, plain HTTP is refused: a bearer token sent in clear text is as
 * good as published (RFC 6750 §5.3). `req.secure` is true for TLS on this server,
 * or for a request a trusted proxy (OMSIM_TRUST_PROXY) says arrived over HTTPS.
 */
import type { RequestHandler } from 'express';
import { HttpProblem } from './problem.js';

export function requireHttps(): RequestHandler {
  return (req, _res, next) => {
    if (req.secure) return next();
    next(new HttpProblem(403, 'https_required', 'This server accepts HTTPS only; call the https:// URL.'));
  };
}
