/**
 * Turns every error into a problem document (RFC 9457) with the right status:
 * our own `HttpProblem`s, body-parser's (413, 400 for malformed JSON, 415), and
 * express-openapi-validator's (400 with the list of what was invalid, 415). Anything
 * else is a 500 whose detail says nothing of the cause; the cause goes to the log.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpProblem, sendProblem, type InvalidParam } from './problem.js';

interface ValidatorError {
  status?: number;
  errors?: { path?: string; message?: string }[];
}

const locations: Record<string, InvalidParam['location']> = {
  body: 'body',
  query: 'query',
  params: 'path',
  path: 'path',
  headers: 'header',
};

function toInvalidParams(errors: ValidatorError['errors'] = []): InvalidParam[] {
  return errors.map((e) => {
    // The validator reports paths such as "/body/columns/0" or ".query.limit".
    const parts = (e.path ?? '').replace(/^[./]/, '').split(/[./]/);
    const location = locations[parts[0] ?? ''] ?? 'body';
    const rest = parts.slice(1);
    const path = location === 'body' ? (rest.length ? '/' + rest.join('/') : '') : rest.join('.');
    return { location, path, message: e.message ?? 'is invalid' };
  });
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const problem = toProblem(err);
    if (problem.status >= 500) {
      logger.error({ err: { message: (err as Error)?.message, stack: (err as Error)?.stack }, reqId: res.locals.requestId }, 'request failed');
    }
    sendProblem(req, res, problem);
  };
}

function toProblem(err: unknown): HttpProblem {
  if (err instanceof HttpProblem) return err;
  const e = err as { type?: string; status?: number; message?: string } & ValidatorError;
  switch (e?.type) {
    case 'entity.too.large':
      return new HttpProblem(413, 'payload_too_large', `The body is larger than ${(e as { limit?: number }).limit ?? 'the limit of'} bytes.`);
    case 'entity.parse.failed':
      return new HttpProblem(400, 'invalid_request', 'The body is not valid JSON.', {
        errors: [{ location: 'body', path: '', message: 'is not valid JSON' }],
      });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpProblem(415, 'unsupported_media_type', 'Send the body as UTF-8 application/json.');
    case 'request.aborted':
    case 'request.size.invalid':
      return new HttpProblem(400, 'invalid_request', 'The body was cut short.', { errors: [] });
  }
  if (e?.status === 415) return new HttpProblem(415, 'unsupported_media_type', 'Send the body as application/json.');
  if (e?.status === 400 && Array.isArray(e.errors)) {
    const errors = toInvalidParams(e.errors);
    return new HttpProblem(400, 'invalid_request', `The request does not match the contract (${errors.length} error${errors.length === 1 ? '' : 's'}).`, { errors });
  }
  if (e?.status === 413) return new HttpProblem(413, 'payload_too_large', 'The body is too large.');
  return new HttpProblem(500, 'internal_error', 'An unexpected error occurred. Report the instance to the operators.');
}
