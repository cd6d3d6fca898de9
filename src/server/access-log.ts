/**
 * One structured log line per request, written when the response is finished
 * (or the client went away): request id, method, path (secret-shaped segments
 * redacted, never the query string), status, duration and token id — never a
 * header or a body. Nothing is built when the level is off, so a quiet server
 * pays nothing for it.
 */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { redactSecrets } from './logger.js';

export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (!logger.isLevelEnabled('info')) return next();
    const started = process.hrtime.bigint();
    const line = (msg: string) => ({
      reqId: res.locals.requestId,
      method: req.method,
      path: redactSecrets(req.path),
      status: res.statusCode,
      ms: Number(process.hrtime.bigint() - started) / 1e6,
      tokenId: res.locals.token?.id,
      msg,
    });
    // 'close' comes last either way, after a complete response or an aborted one: one listener serves both.
    res.once('close', () => {
      if (res.writableFinished) logger.info(line('request'));
      else logger.warn(line('request aborted'));
    });
    next();
  };
}
