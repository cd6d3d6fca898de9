/**
 * Calls the handler of the operation the operation router resolved (by its
 * contract `operationId`), with the path parameters it decoded as `req.params`.
 * Express's own routing is not needed a second time: the contract already said
 * which operation this is.
 */
import type { RequestHandler } from 'express';
import type { Operation } from '../contract/contract.js';
import type { Handlers } from './handlers/types.js';

export function dispatch(handlers: Handlers, operations: Operation[]): RequestHandler {
  for (const op of operations) {
    if (!handlers[op.operationId]) throw new Error(`No handler for the contract's operation ${op.operationId}`);
  }
  return (req, res, next) => {
    const op = res.locals.operation as Operation;
    req.params = res.locals.pathParams as Record<string, string>;
    return handlers[op.operationId]!(req, res, next);
  };
}
