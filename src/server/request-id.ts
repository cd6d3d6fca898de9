/** Gives every response an `X-Request-Id`: the caller's, if it is a safe token, else a new UUID. */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

const safeId = /^[A-Za-z0-9._:-]{1,100}$/;

export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && safeId.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    res.locals.requestId = id;
    next();
  };
}
