/**
 * Resolves each request to the contract operation it calls (method + path
 * template) and its path parameters (percent-decoded), so that every later step — roles, quota, audit, handler — works from
 * the contract's own description. Unknown paths are 404, known paths with another
 * method 405 (RFC 9110 §15.5.6, with `Allow`).
 */
import type { RequestHandler } from 'express';
import type { Operation } from '../contract/contract.js';
import { HttpProblem } from './problem.js';

interface Route {
  pattern: RegExp;
  /** The template's parameter names, in the order of the pattern's groups. */
  names: string[];
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
    if (!route) {
      const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
      routes.set(op.path, (route = { pattern: compile(op.path), names, byMethod: new Map() }));
    }
    route.byMethod.set(op.method.toUpperCase(), op);
  }
  return (req, res, next) => {
    const path = req.path;
    for (const route of routes.values()) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      const op = route.byMethod.get(req.method);
      if (op) {
        res.locals.operation = op;
        const params: Record<string, string> = {};
        for (let i = 0; i < route.names.length; i++) {
          try {
            params[route.names[i]!] = decodeURIComponent(found[i + 1]!);
          } catch {
            return next(
              new HttpProblem(400, 'invalid_request', 'The path is not valid percent-encoding (RFC 3986 §2.1).', {
                errors: [{ location: 'path', path: route.names[i]!, message: 'is not valid percent-encoding' }],
              }),
            );
          }
        }
        res.locals.pathParams = params;
        return next();
      }
      const allow = [...route.byMethod.keys()].join(', ');
      return next(new HttpProblem(405, 'method_not_allowed', `This path accepts ${allow}.`, { headers: { Allow: allow } }));
    }
    next(new HttpProblem(404, 'not_found', 'There is no such path in the OMSIM API.'));
  };
}
