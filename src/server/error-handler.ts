/**
 * Turns every error into a problem document (RFC 9457) with the right status:
 * our own `HttpProblem`s (the request validator's 400 and 415 among them) and
 * body-parser's (413, 400 for malformed JSON, 415 for another charset). Anything
 * else — a response that departs from the contract, when responses are
 * validated, included — is a 500 whose detail says nothing of the cause; the
 * cause goes to the log.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpProblem, sendProblem } from './problem.js';

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
  const e = err as { type?: string; status?: number; message?: string };
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
  return new HttpProblem(500, 'internal_error', 'An unexpected error occurred. Report the instance to the operators.');
}
