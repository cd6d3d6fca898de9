/**
 * Problem documents (RFC 9457): every error the server sends is one, with the
 * stable `code` the contract lists, and `instance` naming the request.
 */
import type { Request, Response } from 'express';

export interface InvalidParam {
  location: 'body' | 'query' | 'path' | 'header';
  path: string;
  message: string;
}

const titles: Record<string, string> = {
  invalid_request: 'Invalid request',
  missing_credentials: 'Authentication required',
  invalid_token: 'Invalid token',
  insufficient_role: 'Forbidden',
  https_required: 'HTTPS required',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  quota_exceeded: 'Too many requests',
  too_many_failed_attempts: 'Too many requests',
  internal_error: 'Internal server error',
};

/** An error that becomes a problem document; thrown or passed to `next`. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly extra: { errors?: InvalidParam[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

export function sendProblem(req: Request, res: Response, problem: HttpProblem): void {
  const requestId = String(res.getHeader('X-Request-Id') ?? '');
  for (const [name, value] of Object.entries(problem.extra.headers ?? {})) res.setHeader(name, value);
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: `https://api.omsim.org/problems/${problem.code}`,
      title: titles[problem.code] ?? 'Error',
      status: problem.status,
      detail: problem.detail,
      instance: `urn:omsim:request:${requestId}`,
      code: problem.code,
      ...(problem.extra.errors ? { errors: problem.extra.errors } : {}),
    });
}
