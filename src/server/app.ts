/**
 * The app factory: builds the whole OMSIM server from a configuration, so that
 * tests run the real thing in-process and `main.ts` only adds a socket.
 *
 * Request pipeline (each step a small module):
 *   request id → security headers → access log → [HTTPS in production] →
 *   contract operation (404/405) → bearer authentication (401, per-IP 429) → audit →
 *   quota (429, rate-limit headers) → role from x-roles (403) →
 *   JSON body (413/400) → contract validation (400/415) → [response validation in
 *   tests] → handler → problem documents
 */
import express, { type Express } from 'express';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { listOperations, loadContract, type OpenApiDocument } from '../contract/contract.js';
import { createMatcher, type Matcher } from '../matcher/index.js';
import { AuditStore } from '../store/audit-store.js';
import { openDatabase, type Db } from '../store/database.js';
import { TokenStore } from '../store/token-store.js';
import { AuditTrail } from './audit-trail.js';
import { authenticate } from './authenticate.js';
import { authorize } from './authorize.js';
import type { Config } from './config.js';
import { errorHandler } from './error-handler.js';
import { auditHandlers } from './handlers/audit.js';
import { matchHandlers } from './handlers/match.js';
import { tokenHandlers } from './handlers/tokens.js';
import type { HandlerDeps } from './handlers/types.js';
import { createLogger } from './logger.js';
import { accessLog } from './access-log.js';
import { operationRouter } from './operation-router.js';
import { pipeline } from './pipeline.js';
import { dispatch } from './dispatch.js';
import { enforceQuota } from './quota.js';
import { RateLimiter } from './rate-limit.js';
import { requestId } from './request-id.js';
import { requestValidator } from './request-validator.js';
import { requireHttps } from './require-https.js';
import { responseValidator } from './response-validator.js';
import { securityHeaders } from './security-headers.js';
import { trustedProxies } from './trusted-proxies.js';

export interface OmsimApp {
  app: Express;
  tokens: TokenStore;
  logger: Logger;
  /** Flushes the audit trail, closes Redis and the database. */
  close(): Promise<void>;
}

export interface AppOptions {
  /** Reuse a matcher (tests build many apps). */
  matcher?: Matcher;
  /** Where logs go (default stdout). */
  logDestination?: NodeJS.WritableStream;
  contract?: OpenApiDocument;
}

export function createApp(config: Config, options: AppOptions = {}): OmsimApp {
  const contract = options.contract ?? loadContract();
  const operations = listOperations(contract);
  const logger = createLogger(config.logLevel, options.logDestination);
  const db: Db = openDatabase(config.dbPath);
  const tokens = new TokenStore(db);
  const audit = new AuditStore(db);
  const auditTrail = new AuditTrail(audit, tokens, config.auditFlushMs);
  const matcher = options.matcher ?? createMatcher(config.vocabularyFile, config.vocabularyMode);
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true }) : undefined;
  redis?.on('error', (err) => logger.warn({ err: { message: err.message } }, 'redis error'));
  const quotaLimiter = new RateLimiter('quota', redis);
  const failureLimiter = new RateLimiter('auth-failures', redis);

  const deps: HandlerDeps = { config, tokens, audit, auditTrail, matcher };
  const handlers = { ...matchHandlers(deps), ...tokenHandlers(deps), ...auditHandlers(deps) };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustedProxies(config.trustProxy));
  app.set('etag', false);
  app.use(
    pipeline([
      requestId(),
      securityHeaders(),
      accessLog(logger),
      ...(config.production ? [requireHttps()] : []),
      operationRouter(operations),
      authenticate(tokens, failureLimiter, config),
      auditTrail.middleware(),
      enforceQuota(quotaLimiter, config),
      authorize(),
      express.json({ limit: config.bodyLimitBytes, type: 'application/json', strict: true }),
      requestValidator(contract, operations),
      ...(config.validateResponses ? responseValidator(contract) : []),
      dispatch(handlers, operations),
    ]),
  );
  app.use(errorHandler(logger));

  let closed = false;
  return {
    app,
    tokens,
    logger,
    async close() {
      if (closed) return;
      closed = true;
      auditTrail.stop();
      if (redis) await redis.quit().catch(() => redis.disconnect());
      db.close();
    },
  };
}
