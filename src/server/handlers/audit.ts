/** `GET /audit` (operationId listAuditEvents). */
import { HttpProblem } from '../problem.js';
import type { HandlerDeps, Handlers } from './types.js';

interface AuditQuery {
  tokenId?: string;
  since?: string;
  until?: string;
  status?: number;
  limit: number;
  cursor?: string;
}

export function auditHandlers({ audit, auditTrail }: HandlerDeps): Handlers {
  return {
    listAuditEvents(req, res) {
      const q = req.query as unknown as AuditQuery;
      // Read what was recorded up to now, including events still queued.
      auditTrail.flush();
      const page = audit.query({
        ...q,
        // Stored times are ISO 8601 UTC, so normalise the bounds to compare as strings.
        since: q.since === undefined ? undefined : new Date(q.since).toISOString(),
        until: q.until === undefined ? undefined : new Date(q.until).toISOString(),
      });
      if (!page) {
        throw new HttpProblem(400, 'invalid_request', 'The cursor is not one this server issued.', {
          errors: [{ location: 'query', path: 'cursor', message: 'is not a valid cursor' }],
        });
      }
      res.json(page);
    },
  };
}
