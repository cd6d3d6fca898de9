import type { RequestHandler } from 'express';
import type { Config } from '../config.js';
import type { AuditTrail } from '../audit-trail.js';
import type { Matcher } from '../../matcher/index.js';
import type { AuditStore } from '../../store/audit-store.js';
import type { TokenStore } from '../../store/token-store.js';

/** What handlers work with. */
export interface HandlerDeps {
  config: Config;
  tokens: TokenStore;
  audit: AuditStore;
  auditTrail: AuditTrail;
  matcher: Matcher;
}

/** One handler per operationId of the contract. */
export type Handlers = Record<string, RequestHandler>;
