/**
 * `npm run test:contract`: Dredd 14 against the real server. Starts the server
 * on a fresh temporary database and a free loopback port, with a bootstrap admin
 * token minted for this run and response validation on (a response that departs
 * from the contract becomes a 500, which Dredd then reports), runs Dredd with the
 * hooks in test/contract/dredd-hooks.cjs, and stops the server.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

const root = fileURLToPath(new URL('..', import.meta.url));


const dir = mkdtempSync(join(tmpdir(), 'omsim-dredd-'));
const port = await freePort();
const admin = 'omsim_' + randomBytes(32).toString('base64url');
const baseUrl = `http://127.0.0.1:${port}`;

const server = spawn(join(root, 'node_modules/.bin/tsx'), ['src/server/main.ts'], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    OMSIM_HOST: '127.0.0.1',
    OMSIM_DB: join(dir, 'omsim.db'),
    OMSIM_BOOTSTRAP_TOKEN: admin,
    OMSIM_VALIDATE_RESPONSES: 'true',
    OMSIM_AUTH_FAILURES: '1000/60s',
    OMSIM_LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let serverOutput = '';
server.stderr!.on('data', (d) => (serverOutput += d));
const deadline = Date.now() + 30_000;
while (!serverOutput.includes('OMSIM listening')) {
  if (server.exitCode !== null || Date.now() > deadline) {
    process.stderr.write(`the server did not start:\n${serverOutput}\n`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 100));
}

const dredd = spawn(
  process.execPath,
  [join(root, 'node_modules/dredd/bin/dredd'), 'openapi.yaml', baseUrl, '--hookfiles=test/contract/dredd-hooks.cjs', '--loglevel=warning', '--reporter=cli'],
  { cwd: root, env: { ...process.env, OMSIM_CONTRACT_BASE_URL: baseUrl, OMSIM_CONTRACT_ADMIN_TOKEN: admin }, stdio: ['ignore', 'pipe', 'pipe'] },
);
let output = '';
dredd.stdout!.on('data', (d) => {
  output += d;
  process.stdout.write(d);
});
dredd.stderr!.on('data', (d) => {
  // Dredd's parser lists every schema keyword it ignores; keep the rest.
  const text = String(d).split('\n').filter((l) => !/API description parser warning|padLevels|trace-warnings/.test(l)).join('\n');
  output += text;
  if (text.trim()) process.stderr.write(text + '\n');
});
const code: number = await new Promise((resolve) => dredd.on('exit', (c) => resolve(c ?? 1)));
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(dir, { recursive: true, force: true });
if (serverOutput.includes('"level":50')) process.stderr.write(`server errors:\n${serverOutput}\n`);
process.exit(code);
