/**
 * Role check: the roles an operation accepts are its `x-roles` in the contract.
 * A valid token with another role gets 403 and `error="insufficient_scope"`
 * (RFC 6750 §3.1).
 */
import type { RequestHandler } from 'express';
import type { Operation } from '../contract/contract.js';
import { HttpProblem } from './problem.js';
import type { TokenRecord } from '../store/token-store.js';

export function authorize(): RequestHandler {
  return (_req, res, next) => {
    const op = res.locals.operation as Operation;
    const token = res.locals.token as TokenRecord;
    if (op.roles.includes(token.role)) return next();
    next(
      new HttpProblem(403, 'insufficient_role', `This operation requires one of the roles ${op.roles.join(', ')}; the token has the role ${token.role}.`, {
        headers: { 'WWW-Authenticate': 'Bearer realm="omsim", error="insufficient_scope"' },
      }),
    );
  };
}
