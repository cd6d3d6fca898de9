/**
 * The SQLite database (better-sqlite3). WAL mode lets several server processes
 * and the token CLI share one file: readers never block the writer.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

const schema = `
CREATE TABLE IF NOT EXISTS tokens (
  id                   TEXT PRIMARY KEY,
  name                 TEXT NOT NULL,
  role                 TEXT NOT NULL CHECK (role IN ('user', 'admin')),
  secret_hash          TEXT NOT NULL UNIQUE,
  created_at           TEXT NOT NULL,
  expires_at           TEXT,
  revoked_at           TEXT,
  last_used_at         TEXT,
  quota_limit          INTEGER,
  quota_window_seconds INTEGER
);
CREATE TABLE IF NOT EXISTS audit_events (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  time         TEXT NOT NULL,
  request_id   TEXT NOT NULL,
  token_id     TEXT NOT NULL,
  role         TEXT NOT NULL,
  method       TEXT NOT NULL,
  route        TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  status       INTEGER NOT NULL,
  duration_ms  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_token ON audit_events (token_id, id);
CREATE INDEX IF NOT EXISTS audit_by_time ON audit_events (time);
`;

/** Opens (and if need be creates) the database at `path`; `:memory:` for a throwaway one. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode (only an OS crash may
  // lose the last transactions): https://www.sqlite.org/pragma.html#pragma_synchronous
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(schema);
  return db;
}
