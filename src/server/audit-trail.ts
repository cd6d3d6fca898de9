/**
 * Records every authenticated request once its response is sent, and flushes the
 * queue to SQLite on a timer (with the tokens' last-use times, in the same
 * transaction), so that the audit trail costs a request only an array push.
 */
import type { RequestHandler } from 'express';
import type { Operation } from '../contract/contract.js';
import type { AuditStore } from '../store/audit-store.js';
import type { TokenRecord, TokenStore } from '../store/token-store.js';

/** A flush is forced when this many events are queued, bounding what a crash can lose. */
const MAX_QUEUED = 1000;

export class AuditTrail {
  private readonly lastUsed = new Map<string, string>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly audit: AuditStore, private readonly tokens: TokenStore, flushMs: number) {
    this.timer = setInterval(() => this.flush(), flushMs);
    this.timer.unref();
  }

  middleware(): RequestHandler {
    return (req, res, next) => {
      const started = process.hrtime.bigint();
      const time = new Date().toISOString();
      res.on('finish', () => {
        const token = res.locals.token as TokenRecord | undefined;
        const op = res.locals.operation as Operation | undefined;
        if (!token || !op) return;
        this.audit.enqueue({
          time,
          requestId: String(res.getHeader('X-Request-Id')),
          tokenId: token.id,
          role: token.role,
          method: req.method,
          route: op.path,
          operationId: op.operationId,
          status: res.statusCode,
          durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e3) / 1e3,
        });
        this.lastUsed.set(token.id, time);
        if (this.audit.pending >= MAX_QUEUED) this.flush();
      });
      next();
    };
  }

  /** Writes what is queued; called on a timer, before reads of the trail, and on shutdown. */
  flush(): void {
    const touched = new Map(this.lastUsed);
    this.lastUsed.clear();
    if (this.audit.pending === 0 && touched.size === 0) return;
    this.audit.flush(() => this.tokens.touch(touched));
  }

  stop(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
