/**
 * Tokens in SQLite: metadata plus the SHA-256 hash of the secret, never the
 * secret itself.
 *
 * Lookups by secret are cached (by hash) because they run on every request, but
 * a revocation or rotation made by any process sharing the file still takes
 * effect on the very next request: before each cached lookup the store reads
 * `PRAGMA data_version`, which changes whenever another connection commits
 * (https://www.sqlite.org/pragma.html#pragma_data_version), and drops the cache
 * if it did. This process's own writes drop it directly.
 */
import type { Db } from './database.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { generateSecret, generateTokenId, hashSecret } from './token-secret.js';

export type Role = 'user' | 'admin';

export interface Quota {
  limit: number;
  windowSeconds: number;
}

export interface TokenRecord {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** The quota set at issuance; `null` means the role's default. */
  quota: Quota | null;
}

export interface NewToken {
  name: string;
  role: Role;
  expiresAt?: string | null;
  quota?: Quota | null;
}

interface Row {
  rowid: number;
  id: string;
  name: string;
  role: Role;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  quota_limit: number | null;
  quota_window_seconds: number | null;
}

const columns = 'rowid, id, name, role, created_at, expires_at, revoked_at, last_used_at, quota_limit, quota_window_seconds';

/** Bounds the cache; when full it is simply emptied (tokens are few, clients reuse them). */
const maxCached = 10_000;

function toRecord(row: Row): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    quota:
      row.quota_limit === null || row.quota_window_seconds === null
        ? null
        : { limit: row.quota_limit, windowSeconds: row.quota_window_seconds },
  };
}

export class TokenStore {
  private readonly byHash;
  private readonly byId;
  private readonly insert;
  private readonly revokeStmt;
  private readonly rotateStmt;
  private readonly touchStmt;
  private readonly pageStmt;
  private readonly countStmt;
  private readonly dataVersion;
  private readonly cache = new Map<string, TokenRecord>();
  private cachedVersion: unknown;

  constructor(private readonly db: Db, private readonly now: () => Date = () => new Date()) {
    this.byHash = db.prepare<[string], Row>(`SELECT ${columns} FROM tokens WHERE secret_hash = ?`);
    this.byId = db.prepare<[string], Row>(`SELECT ${columns} FROM tokens WHERE id = ?`);
    this.insert = db.prepare(
      `INSERT INTO tokens (id, name, role, secret_hash, created_at, expires_at, quota_limit, quota_window_seconds)
       VALUES (@id, @name, @role, @hash, @createdAt, @expiresAt, @quotaLimit, @quotaWindow)`,
    );
    this.revokeStmt = db.prepare(`UPDATE tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?`);
    this.rotateStmt = db.prepare(`UPDATE tokens SET secret_hash = ? WHERE id = ? AND revoked_at IS NULL`);
    this.touchStmt = db.prepare(`UPDATE tokens SET last_used_at = ? WHERE id = ?`);
    this.pageStmt = db.prepare<[number, number], Row>(
      `SELECT ${columns} FROM tokens WHERE rowid < ? ORDER BY rowid DESC LIMIT ?`,
    );
    this.countStmt = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM tokens`);
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  private forget(): void {
    this.cache.clear();
  }

  /** Issues a token; returns its record and its secret, which is not kept. */
  create(input: NewToken): { record: TokenRecord; secret: string } {
    const secret = generateSecret();
    return { record: this.register(input, secret), secret };
  }

  /** Registers a token for a secret chosen elsewhere (the bootstrap token). */
  register(input: NewToken, secret: string): TokenRecord {
    const id = generateTokenId();
    this.forget();
    this.insert.run({
      id,
      name: input.name,
      role: input.role,
      hash: hashSecret(secret),
      createdAt: this.now().toISOString(),
      expiresAt: input.expiresAt ?? null,
      quotaLimit: input.quota?.limit ?? null,
      quotaWindow: input.quota?.windowSeconds ?? null,
    });
    return this.get(id)!;
  }

  /** The token a secret belongs to, whatever its state; `undefined` if unknown. */
  findBySecret(secret: string): TokenRecord | undefined {
    const hash = hashSecret(secret);
    const version = this.dataVersion.get();
    if (version !== this.cachedVersion) {
      this.forget();
      this.cachedVersion = version;
    }
    const cached = this.cache.get(hash);
    if (cached) return cached;
    const row = this.byHash.get(hash);
    if (!row) return undefined; // unknown secrets are not cached: guessing must not fill memory
    const record = Object.freeze(toRecord(row));
    if (this.cache.size >= maxCached) this.forget();
    this.cache.set(hash, record);
    return record;
  }

  /** Whether a token may be used now: not revoked, not expired. */
  isActive(token: TokenRecord): boolean {
    return token.revokedAt === null && (token.expiresAt === null || Date.parse(token.expiresAt) > this.now().getTime());
  }

  get(id: string): TokenRecord | undefined {
    const row = this.byId.get(id);
    return row && toRecord(row);
  }

  /** Revokes a token (idempotent). Returns `false` if there is no such token. */
  revoke(id: string): boolean {
    this.forget();
    return this.revokeStmt.run(this.now().toISOString(), id).changes > 0;
  }

  /** Gives a live token a new secret; the old one stops working. `undefined` if unknown or revoked. */
  rotate(id: string): { record: TokenRecord; secret: string } | undefined {
    const secret = generateSecret();
    this.forget();
    if (this.rotateStmt.run(hashSecret(secret), id).changes === 0) return undefined;
    return { record: this.get(id)!, secret };
  }

  /** Records last use of several tokens in one transaction. */
  touch(lastUsed: Map<string, string>): void {
    if (lastUsed.size === 0) return;
    this.forget();
    for (const [id, at] of lastUsed) this.touchStmt.run(at, id);
  }

  /** A page of tokens, newest first. */
  list(limit: number, cursor?: string): { items: TokenRecord[]; nextCursor: string | null } | undefined {
    const after = cursor === undefined ? Number.MAX_SAFE_INTEGER : decodeCursor(cursor);
    if (after === undefined) return undefined;
    const rows = this.pageStmt.all(after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toRecord),
      nextCursor: rows.length > limit && last ? encodeCursor(last.rowid) : null,
    };
  }

  count(): number {
    return this.countStmt.get()!.n;
  }

  hasSecret(secret: string): boolean {
    return this.byHash.get(hashSecret(secret)) !== undefined;
  }
}
