/**
 * Resolves each request to the contract operation it calls (method + path
 * template), so that every later step — roles, quota, audit, handler — works from
 * the contract's own description. Unknown paths are 404, known paths with another
 * method 405 (RFC 9110 §15.5.6, with `Allow`).
 */
import type { RequestHandler } from 'express';
import type { Operation } from '../contract/contract.js';
import { HttpProblem } from './problem.js';

interface Route {
  pattern: RegExp;
  byMethod: Map<string, Operation>;
}

function compile(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '([^/]*)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`);
}

export function operationRouter(operations: Operation[]): RequestHandler {
  const routes = new Map<string, Route>();
  for (const op of operations) {
    let route = routes.get(op.path);
    if (!route) routes.set(op.path, (route = { pattern: compile(op.path), byMethod: new Map() }));
    route.byMethod.set(op.method.toUpperCase(), op);
  }
  return (req, res, next) => {
    for (const route of routes.values()) {
      if (!route.pattern.test(req.path)) continue;
      const op = route.byMethod.get(req.method);
      if (op) {
        res.locals.operation = op;
        return next();
      }
      const allow = [...route.byMethod.keys()].join(', ');
      return next(new HttpProblem(405, 'method_not_allowed', `This path accepts ${allow}.`, { headers: { Allow: allow } }));
    }
    next(new HttpProblem(404, 'not_found', 'There is no such path in the OMSIM API.'));
  };
}
