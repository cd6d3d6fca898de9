/**
 * The contract, openapi.yaml, loaded once: the server reads its operations and
 * roles from here, the tests validate responses against it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const contractPath = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));

export const httpMethods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export type Role = 'user' | 'admin';

/** One operation of the contract, with the facts the server needs at run time. */
export interface Operation {
  operationId: string;
  method: HttpMethod;
  /** The path template as written in the contract, e.g. `/tokens/{tokenId}`. */
  path: string;
  /** The roles allowed to call it: the operation's `x-roles` extension. */
  roles: readonly Role[];
  /** Status codes the contract documents for it. */
  statuses: readonly string[];
  takesBody: boolean;
}

// The document is plain data; callers that need more than `Operation` walk it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OpenApiDocument = Record<string, any>;

export function loadContract(path = contractPath): OpenApiDocument {
  return parse(readFileSync(path, 'utf8')) as OpenApiDocument;
}

/** Lists the contract's operations; throws if one lacks an operationId or `x-roles`. */
export function listOperations(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<OpenApiDocument>(doc.paths ?? {})) {
    for (const method of httpMethods) {
      const op = item[method];
      if (!op) continue;
      const roles = op['x-roles'];
      if (typeof op.operationId !== 'string' || !Array.isArray(roles) || roles.length === 0) {
        throw new Error(`${method.toUpperCase()} ${path}: the contract must give an operationId and x-roles`);
      }
      operations.push({
        operationId: op.operationId,
        method,
        path,
        roles,
        statuses: Object.keys(op.responses ?? {}),
        takesBody: op.requestBody !== undefined,
      });
    }
  }
  return operations;
}

/**
 * A copy of the contract without media-type examples: they are documentation,
 * not validation, and validators trip over examples that share an `id` value
 * (express-openapi-validator issues #773, #931).
 */
export function withoutExamples(contract: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(contract);
  const strip = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    if (obj.content && typeof obj.content === 'object') {
      for (const media of Object.values(obj.content as Record<string, Record<string, unknown>>)) {
        delete media.examples;
        delete media.example;
      }
    }
    for (const value of Object.values(obj)) strip(value);
  };
  strip(copy);
  delete copy.components?.examples;
  return copy;
}
