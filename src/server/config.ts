/**
 * Configuration: read from the environment and validated once, here. Every
 * variable is documented in README.md; the defaults run on a laptop with no
 * other server (SQLite file, in-memory rate limiting).
 */
import { z } from 'zod';
import { isWellFormedSecret } from '../store/token-secret.js';
import { trustedProxies } from './trusted-proxies.js';

const quotaPattern = /^(\d+)\s*\/\s*(\d+)\s*(s|m|h)?$/;
const unitSeconds = { s: 1, m: 60, h: 3600 } as const;

/** Parses `100/60s`, `600/1m` or `5000/1h` into a quota. */
export function parseQuota(text: string): { limit: number; windowSeconds: number } | undefined {
  const m = quotaPattern.exec(text.trim());
  if (!m) return undefined;
  const limit = Number(m[1]);
  const windowSeconds = Number(m[2]) * unitSeconds[(m[3] ?? 's') as keyof typeof unitSeconds];
  if (limit < 1 || limit > 1_000_000 || windowSeconds < 1 || windowSeconds > 86_400) return undefined;
  return { limit, windowSeconds };
}

const quota = (name: string, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const q = parseQuota(v);
      if (!q) {
        ctx.addIssue({ code: 'custom', message: `${name} must look like 600/60s (1-1000000 requests per 1 s-24 h)` });
        return z.NEVER;
      }
      return q;
    });

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .default('false')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  OMSIM_HOST: z.string().min(1).default('127.0.0.1'),
  OMSIM_DB: z.string().min(1).default('./data/omsim.db'),
  OMSIM_BOOTSTRAP_TOKEN: z
    .string()
    .refine(isWellFormedSecret, 'OMSIM_BOOTSTRAP_TOKEN must be omsim_ followed by 43 base64url characters')
    .optional(),
  OMSIM_REDIS_URL: z.string().regex(/^rediss?:\/\//, 'OMSIM_REDIS_URL must be a redis:// or rediss:// URL').optional(),
  OMSIM_QUOTA_USER: quota('OMSIM_QUOTA_USER', '600/60s'),
  OMSIM_QUOTA_ADMIN: quota('OMSIM_QUOTA_ADMIN', '6000/60s'),
  OMSIM_AUTH_FAILURES: quota('OMSIM_AUTH_FAILURES', '20/60s'),
  OMSIM_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(256 * 1024),
  OMSIM_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  OMSIM_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  OMSIM_AUDIT_FLUSH_MS: z.coerce.number().int().min(1).max(60_000).default(200),
  OMSIM_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OMSIM_TLS_CERT: z.string().min(1).optional(),
  OMSIM_TLS_KEY: z.string().min(1).optional(),
  OMSIM_TRUST_PROXY: z.string().default('false'),
  OMSIM_VOCABULARY: z.string().min(1).optional(),
  OMSIM_VOCABULARY_MODE: z.enum(['extend', 'replace']).default('extend'),
  OMSIM_VALIDATE_RESPONSES: flag,
  NODE_ENV: z.string().default('development'),
});

export type Quota = { limit: number; windowSeconds: number };

export interface Config {
  port: number;
  host: string;
  dbPath: string;
  bootstrapToken?: string;
  redisUrl?: string;
  quotas: { user: Quota; admin: Quota };
  authFailures: Quota;
  bodyLimitBytes: number;
  /** Time a client has to send its request headers, and its whole request. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  auditFlushMs: number;
  logLevel: string;
  tls?: { certFile: string; keyFile: string };
  /** Express's `trust proxy` setting: false, true, a hop count or a list of addresses. */
  trustProxy: boolean | number | string;
  vocabularyFile?: string;
  vocabularyMode: 'extend' | 'replace';
  /** Validate every response against the contract (tests); a mismatch becomes a 500. */
  validateResponses: boolean;
  production: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function parseTrustProxy(v: string): boolean | number | string {
  if (v === 'true') return true;
  if (v === 'false' || v === '') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = result.data;
  if (Boolean(e.OMSIM_TLS_CERT) !== Boolean(e.OMSIM_TLS_KEY)) {
    throw new ConfigError(['OMSIM_TLS_CERT and OMSIM_TLS_KEY: set both or neither']);
  }
  const trustProxy = parseTrustProxy(e.OMSIM_TRUST_PROXY);
  try {
    trustedProxies(trustProxy);
  } catch (err) {
    throw new ConfigError([`OMSIM_TRUST_PROXY: ${(err as Error).message}`]);
  }
  return {
    port: e.PORT,
    host: e.OMSIM_HOST,
    dbPath: e.OMSIM_DB,
    bootstrapToken: e.OMSIM_BOOTSTRAP_TOKEN,
    redisUrl: e.OMSIM_REDIS_URL,
    quotas: { user: e.OMSIM_QUOTA_USER, admin: e.OMSIM_QUOTA_ADMIN },
    authFailures: e.OMSIM_AUTH_FAILURES,
    bodyLimitBytes: e.OMSIM_BODY_LIMIT_BYTES,
    headersTimeoutMs: e.OMSIM_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: Math.max(e.OMSIM_REQUEST_TIMEOUT_MS, e.OMSIM_HEADERS_TIMEOUT_MS),
    auditFlushMs: e.OMSIM_AUDIT_FLUSH_MS,
    logLevel: e.OMSIM_LOG_LEVEL,
    tls: e.OMSIM_TLS_CERT && e.OMSIM_TLS_KEY ? { certFile: e.OMSIM_TLS_CERT, keyFile: e.OMSIM_TLS_KEY } : undefined,
    trustProxy,
    vocabularyFile: e.OMSIM_VOCABULARY,
    vocabularyMode: e.OMSIM_VOCABULARY_MODE,
    validateResponses: e.OMSIM_VALIDATE_RESPONSES,
    production: e.NODE_ENV === 'production',
  };
}
