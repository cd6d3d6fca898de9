/**
 * Runs the real OMSIM app in-process on a free loopback port, on a fresh
 * temporary database, with tokens the test mints itself.
 */
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type OmsimApp } from '../../src/server/app.js';
import { createHttpServer } from '../../src/server/http-server.js';
import { loadConfig } from '../../src/server/config.js';
import { createMatcher, type Matcher } from '../../src/matcher/index.js';
import type { NewToken } from '../../src/store/token-store.js';

let sharedMatcher: Matcher | undefined;

export interface TestServer {
  baseUrl: string;
  omsim: OmsimApp;
  dir: string;
  dbPath: string;
  /** Everything the server logged. */
  logs: string[];
  server: import('node:http').Server;
  mint(token: NewToken): { id: string; secret: string };
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string> = {}, dir?: string): Promise<TestServer> {
  const workDir = dir ?? mkdtempSync(join(tmpdir(), 'omsim-test-'));
  const dbPath = join(workDir, 'omsim.db');
  const config = loadConfig({
    OMSIM_DB: dbPath,
    OMSIM_VALIDATE_RESPONSES: 'true',
    OMSIM_LOG_LEVEL: 'info',
    OMSIM_AUTH_FAILURES: '1000/60s',
    OMSIM_AUDIT_FLUSH_MS: '20',
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  sharedMatcher ??= createMatcher();
  const omsim = createApp(config, { matcher: config.vocabularyFile ? undefined : sharedMatcher, logDestination: sink });
  const server = createHttpServer(config, omsim.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    omsim,
    dir: workDir,
    dbPath,
    logs,
    server,
    mint(token) {
      const { record, secret } = omsim.tokens.create(token);
      return { id: record.id, secret };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await omsim.close();
      if (!dir) rmSync(workDir, { recursive: true, force: true });
    },
  };
}
