/** `POST /match` (operationId matchColumns). */
import type { components } from '../../generated/openapi.js';
import type { HandlerDeps, Handlers } from './types.js';

type MatchRequest = components['schemas']['MatchRequest'];

export function matchHandlers({ matcher }: HandlerDeps): Handlers {
  return {
    matchColumns(req, res) {
      // The validator has checked the body and applied the contract's defaults.
      const body = req.body as Required<MatchRequest>;
      res.json({ matches: matcher.match(body.columns, { limit: body.limit, threshold: body.threshold }) });
    },
  };
}
