/**
 * The audit trail in SQLite. Events are queued in memory and written in one
 * transaction per flush, so that a request never waits for a disk write; what a
 * crash can lose is bounded by the flush interval and the batch size.
 */
import type { Db } from './database.js';
import { decodeCursor, encodeCursor } from './cursor.js';

export interface AuditEvent {
  time: string;
  requestId: string;
  tokenId: string;
  role: string;
  method: string;
  route: string;
  operationId: string;
  status: number;
  durationMs: number;
}

export interface StoredAuditEvent extends AuditEvent {
  id: number;
}

export interface AuditQuery {
  tokenId?: string;
  since?: string;
  until?: string;
  status?: number;
  limit: number;
  cursor?: string;
}

interface Row {
  id: number;
  time: string;
  request_id: string;
  token_id: string;
  role: string;
  method: string;
  route: string;
  operation_id: string;
  status: number;
  duration_ms: number;
}

export class AuditStore {
  private readonly insert;
  private queue: AuditEvent[] = [];

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      `INSERT INTO audit_events (time, request_id, token_id, role, method, route, operation_id, status, duration_ms)
       VALUES (@time, @requestId, @tokenId, @role, @method, @route, @operationId, @status, @durationMs)`,
    );
  }

  enqueue(event: AuditEvent): void {
    this.queue.push(event);
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Writes the queued events in one transaction, together with `alsoInTransaction`. */
  flush(alsoInTransaction?: () => void): number {
    const batch = this.queue;
    if (batch.length === 0 && !alsoInTransaction) return 0;
    this.queue = [];
    this.db.transaction(() => {
      for (const event of batch) this.insert.run(event);
      alsoInTransaction?.();
    })();
    return batch.length;
  }

  /** A page of events, newest first, or `undefined` for a cursor that is not ours. */
  query(q: AuditQuery): { items: StoredAuditEvent[]; nextCursor: string | null } | undefined {
    const before = q.cursor === undefined ? Number.MAX_SAFE_INTEGER : decodeCursor(q.cursor);
    if (before === undefined) return undefined;
    const where = ['id < @before'];
    if (q.tokenId !== undefined) where.push('token_id = @tokenId');
    if (q.since !== undefined) where.push('time >= @since');
    if (q.until !== undefined) where.push('time < @until');
    if (q.status !== undefined) where.push('status = @status');
    const rows = this.db
      .prepare<Record<string, unknown>, Row>(
        `SELECT * FROM audit_events WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT @take`,
      )
      .all({ ...q, before, take: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        id: r.id,
        time: r.time,
        requestId: r.request_id,
        tokenId: r.token_id,
        role: r.role,
        method: r.method,
        route: r.route,
        operationId: r.operation_id,
        status: r.status,
        durationMs: r.duration_ms,
      })),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.id) : null,
    };
  }
}
