/**
 * The benchmark targets, started the same way by `npm run bench` and
 * `npm run bench:profile`: each in its own process on a free loopback port, its
 * output going to a file as a deployed server's would (read through a pipe, the
 * access log would cost the load generator CPU on the shared cores).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../free-port.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'omsim-bench-'));
let started = 0;

export interface Target {
  child: ChildProcess;
  url: string;
  /** Headers every request to it carries. */
  headers: Record<string, string>;
}

/** POST /match bodies: 3 columns, and 50 (ten headers, five times, with suffixes). */
export const columns3 = JSON.stringify({ columns: ['Patient Age', 'Sex', 'Weight'] });
const headers50 = ['age', 'sex', 'bmi', 'BMXWT', 'sysBP', 'diaBP', 'heart_rate', 'glucose', 'HbA1c', 'totChol'];
export const columns50 = JSON.stringify({ columns: Array.from({ length: 50 }, (_, i) => `${headers50[i % 10]}_${Math.floor(i / 10)}`) });

async function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const logFile = join(workDir, `target-${++started}.log`);
  const log = openSync(logFile, 'w');
  // `node` itself (not a wrapper), so that the child's pid is the server's, for RSS.
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
  closeSync(log);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const out = readFileSync(logFile, 'utf8');
    if (ready.test(out)) return child;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${args.join(' ')} did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** (a) The ceiling: bare Express 5 answering POST with a fixed small JSON body. */
export async function startBare(nodeArgs: string[] = []): Promise<Target> {
  const port = await freePort();
  const child = await start([...nodeArgs, '--import', 'tsx', 'scripts/bench/bare-express.ts'], { PORT: String(port) }, /listening/);
  return { child, url: `http://127.0.0.1:${port}`, headers: {} };
}

/**
 * (b), (c) OMSIM as deployed: production mode behind a trusted proxy (which
 * reports HTTPS), a real SQLite file, info-level access log, audit on, and an
 * admin token whose quota is high enough not to trip.
 */
export async function startOmsim(nodeArgs: string[] = []): Promise<Target> {
  const port = await freePort();
  const admin = 'omsim_' + randomBytes(32).toString('base64url');
  const child = await start([...nodeArgs, '--import', 'tsx', 'src/server/main.ts'], {
    PORT: String(port), OMSIM_DB: join(workDir, `omsim-${started}.db`), OMSIM_BOOTSTRAP_TOKEN: admin,
    OMSIM_QUOTA_ADMIN: '1000000/60s', NODE_ENV: 'production', OMSIM_TRUST_PROXY: 'loopback', OMSIM_LOG_LEVEL: 'info',
  }, /OMSIM listening/);
  return { child, url: `http://127.0.0.1:${port}`, headers: { authorization: `Bearer ${admin}`, 'x-forwarded-proto': 'https' } };
}

/** (d) The Prism mock of the same contract. */
export async function startPrism(): Promise<Target> {
  const port = await freePort();
  const child = await start(['node_modules/@stoplight/prism-cli/dist/index.js', 'mock', 'openapi.yaml', '--host', '127.0.0.1', '--port', String(port)], {}, /listening/);
  return { child, url: `http://127.0.0.1:${port}`, headers: { authorization: 'Bearer omsim_x' } };
}

/** The autocannon request options for a target: its headers, a JSON body if any (default POST). */
export function requestTo(target: Target, path: string, opts: { method?: 'GET' | 'POST'; body?: string } = {}) {
  return {
    url: target.url + path,
    method: opts.method ?? ('POST' as const),
    body: opts.body,
    headers: { 'content-type': 'application/json', ...target.headers },
  };
}

/** SIGTERM, and wait for the exit (a CPU profile is written then). */
export function stop(target: Target): Promise<void> {
  const { child } = target;
  return new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM'))));
}

/** Removes the targets' databases and logs. */
export function cleanUp(): void {
  rmSync(workDir, { recursive: true, force: true });
}
