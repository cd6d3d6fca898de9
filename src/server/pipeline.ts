/**
 * The request steps run in order inside one Express middleware. Express would
 * run them just as well as separate `app.use` layers, but it pays for each layer
 * on every request (path matching, its `next` loop); here a step costs one call.
 * The semantics are Express 5's: a step calls `next()` to go on or `next(err)` to
 * stop with an error; one that throws or returns a rejected promise stops with
 * that error. Errors go to the app's error handler, as from any middleware.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export function pipeline(steps: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, done: NextFunction) => {
    let index = 0;
    const next = (err?: unknown): void => {
      if (err !== undefined && err !== null) return done(err);
      const step = steps[index++];
      if (!step) return done();
      try {
        const result: unknown = step(req, res, next);
        if (result instanceof Promise) result.then(undefined, done);
      } catch (e) {
        done(e);
      }
    };
    next();
  };
}
