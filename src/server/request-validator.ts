/**
 * Request validation against openapi.yaml: for each operation the contract's
 * parameter and request-body schemas are compiled once, at start-up, into ajv
 * validators; a request then costs one call per part, because the operation is
 * already known (operation-router). No schema is restated in code.
 *
 * - path and query parameters (OAS 3.0 §4.7.12): coerced from strings to their
 *   schema's type, defaults applied, unknown query parameters refused;
 * - the body (§4.7.13): `application/json` only (else 415), required when the
 *   contract says so, validated without coercion, defaults applied.
 * Every failure is listed in the 400 problem's `errors`, with where it was.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Request, RequestHandler } from 'express';
import typeis from 'type-is';
import type { OpenApiDocument, Operation } from '../contract/contract.js';
import { dereference, resolveRef } from '../contract/dereference.js';
import { HttpProblem, type InvalidParam } from './problem.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: object;
}

interface CompiledOperation {
  path?: ValidateFunction;
  query?: ValidateFunction;
  body?: { validate: ValidateFunction; required: boolean; mediaTypes: string[] };
}

function objectSchema(params: Parameter[], closed: boolean): object {
  return {
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema ?? {}])),
    required: params.filter((p) => p.required || p.in === 'path').map((p) => p.name),
    additionalProperties: !closed,
  };
}

/** `location` + JSON pointer (body) or parameter name (path, query) for each ajv error. */
function toInvalidParams(location: InvalidParam['location'], errors: ErrorObject[] | null | undefined): InvalidParam[] {
  return (errors ?? []).map((e) => {
    let pointer = e.instancePath;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      pointer += `/${(e.params as { missingProperty: string }).missingProperty}`;
      message = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      pointer += `/${(e.params as { additionalProperty: string }).additionalProperty}`;
      message = location === 'body' ? 'is not a property of this schema' : 'is not a parameter of this operation';
    }
    const path = location === 'body' ? pointer : pointer.slice(1).replace(/\//g, '.');
    return { location, path, message };
  });
}

function invalid(errors: InvalidParam[]): HttpProblem {
  return new HttpProblem(400, 'invalid_request', `The request does not match the contract (${errors.length} error${errors.length === 1 ? '' : 's'}).`, {
    errors,
  });
}

/** Express 5 recomputes `req.query` on every read; pin the validated, coerced copy. */
function pinQuery(req: Request, query: Record<string, unknown>): void {
  Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true, enumerable: true });
}

export function requestValidator(contract: OpenApiDocument, operations: Operation[]): RequestHandler {
  // Parameters arrive as strings: coerce them. Bodies are JSON: never coerce them.
  const paramsAjv = addFormats(new Ajv({ strict: false, allErrors: true, coerceTypes: true, useDefaults: true }));
  const bodyAjv = addFormats(new Ajv({ strict: false, allErrors: true, useDefaults: true }));

  const compiled = new Map<string, CompiledOperation>();
  for (const op of operations) {
    const item = contract.paths[op.path];
    const spec = item[op.method];
    // §4.7.12: operation parameters override path-item ones with the same name and location.
    const byKey = new Map<string, Parameter>();
    for (const p of [...(item.parameters ?? []), ...(spec.parameters ?? [])]) {
      const param = dereference(contract, p) as Parameter;
      byKey.set(`${param.in}:${param.name}`, param);
    }
    const params = [...byKey.values()];
    // Fail at start-up rather than let a contract change go unvalidated.
    const unsupported = params.find((p) => p.in !== 'path' && p.in !== 'query');
    if (unsupported) throw new Error(`${op.operationId}: ${unsupported.in} parameters (${unsupported.name}) are not validated yet`);
    const entry: CompiledOperation = {};
    const inPath = params.filter((p) => p.in === 'path');
    if (inPath.length) entry.path = paramsAjv.compile(objectSchema(inPath, false));
    entry.query = paramsAjv.compile(objectSchema(params.filter((p) => p.in === 'query'), true));
    if (spec.requestBody) {
      const body = resolveRef(contract, spec.requestBody) as { required?: boolean; content: Record<string, { schema?: object }> };
      const mediaTypes = Object.keys(body.content);
      const schema = dereference(contract, body.content['application/json']?.schema ?? {}) as object;
      entry.body = { validate: bodyAjv.compile(schema), required: body.required === true, mediaTypes };
    }
    compiled.set(op.operationId, entry);
  }

  return (req, res, next) => {
    const op = res.locals.operation as Operation;
    const check = compiled.get(op.operationId)!;
    const errors: InvalidParam[] = [];

    if (check.path && !check.path(res.locals.pathParams)) errors.push(...toInvalidParams('path', check.path.errors));

    if (check.query) {
      const query = { ...(req.query as Record<string, unknown>) };
      if (!check.query(query)) errors.push(...toInvalidParams('query', check.query.errors));
      pinQuery(req, query);
    }

    if (check.body) {
      if (req.body === undefined) {
        // Nothing was parsed: either a body of another media type, or no body at all.
        // (type-is counts `Content-Length: 0` as a body; an empty body is no body.)
        const sent = typeis.hasBody(req) && req.headers['content-length'] !== '0';
        if (sent && !typeis(req, check.body.mediaTypes)) {
          return next(new HttpProblem(415, 'unsupported_media_type', `Send the body as ${check.body.mediaTypes.join(' or ')}.`));
        }
        if (check.body.required) errors.push({ location: 'body', path: '', message: 'is required' });
      } else if (!check.body.validate(req.body)) {
        errors.push(...toInvalidParams('body', check.body.validate.errors));
      }
    }

    next(errors.length ? invalid(errors) : undefined);
  };
}
