/**
 * `npm run bench`: the whole stack against its ceiling, side by side in one run.
 * Each target runs in its own process and is driven by autocannon from this one,
 * one at a time, with the same connections and duration after a warm-up:
 *   (a) bare Express 5, POST with a fixed small JSON body — the ceiling;
 *   (b) OMSIM as deployed (NODE_ENV=production behind a trusted proxy, SQLite,
 *       validation, authentication, quota, audit) — POST /match, 3 and 50 columns;
 *   (c) OMSIM GET /me — the stack without matching;
 *   (d) the Prism mock, POST /match, 3 columns.
 * Then the RSS of the OMSIM process after 10k and after 100k requests.
 * Options: --duration S (10), --connections N (10), --out FILE.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../free-port.js';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' }, out: { type: 'string' } } });
const duration = Number(values.duration);
const connections = Number(values.connections);

const logDir = mkdtempSync(join(tmpdir(), 'omsim-bench-logs-'));
let started = 0;

/**
 * Starts a target with its output going to a file, as a deployed server's would:
 * read through a pipe, the access log would cost this process — the load
 * generator — CPU on the shared cores.
 */
async function start(cmd: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const logFile = join(logDir, `target-${++started}.log`);
  const log = openSync(logFile, 'w');
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
  closeSync(log);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const out = readFileSync(logFile, 'utf8');
    if (ready.test(out)) return child;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${args.join(' ')} did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const stop = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null ? r() : (c.once('exit', () => r()), c.kill('SIGTERM'))));
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

interface Row { name: string; rps: number; p50: number; p99: number; non2xx: number; errors: number }

async function drive(name: string, url: string, opts: { method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string> }): Promise<Row> {
  const base = { url, connections, method: opts.method ?? 'POST', body: opts.body, headers: { 'content-type': 'application/json', ...opts.headers } };
  await autocannon({ ...base, duration: 3 }); // warm-up
  const r = await autocannon({ ...base, duration });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

const columns3 = JSON.stringify({ columns: ['Patient Age', 'Sex', 'Weight'] });
const headers50 = ['age', 'sex', 'bmi', 'BMXWT', 'sysBP', 'diaBP', 'heart_rate', 'glucose', 'HbA1c', 'totChol'];
const columns50 = JSON.stringify({ columns: Array.from({ length: 50 }, (_, i) => `${headers50[i % 10]}_${Math.floor(i / 10)}`) });
const tsx = join(root, 'node_modules/.bin/tsx');
const rows: Row[] = [];

// (a) the ceiling
const barePort = await freePort();
const bare = await start(tsx, ['scripts/bench/bare-express.ts'], { PORT: String(barePort) }, /listening/);
rows.push(await drive('(a) bare Express, POST fixed JSON', `http://127.0.0.1:${barePort}/match`, { body: columns3 }));
await stop(bare);

// (b), (c) OMSIM as deployed
const omsimPort = await freePort();
const admin = 'omsim_' + randomBytes(32).toString('base64url');
// Started as `node --import tsx` (not the tsx wrapper) so that its pid is the server's, for RSS.
const omsim = await start(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
  PORT: String(omsimPort), OMSIM_DB: join(mkdtempSync(join(tmpdir(), 'omsim-bench-')), 'omsim.db'), OMSIM_BOOTSTRAP_TOKEN: admin,
  OMSIM_QUOTA_ADMIN: '1000000/60s', NODE_ENV: 'production', OMSIM_TRUST_PROXY: 'loopback', OMSIM_LOG_LEVEL: 'info',
}, /OMSIM listening/);
const auth = { authorization: `Bearer ${admin}`, 'x-forwarded-proto': 'https' };
const omsimUrl = `http://127.0.0.1:${omsimPort}`;
rows.push(await drive('(b) OMSIM POST /match, 3 columns', `${omsimUrl}/match`, { body: columns3, headers: auth }));
rows.push(await drive('(b) OMSIM POST /match, 50 columns', `${omsimUrl}/match`, { body: columns50, headers: auth }));
rows.push(await drive('(c) OMSIM GET /me', `${omsimUrl}/me`, { method: 'GET', headers: auth }));
// Memory: RSS after 10k and after 100k further requests (no growth per request expected).
await autocannon({ url: `${omsimUrl}/match`, connections, method: 'POST', body: columns3, headers: { 'content-type': 'application/json', ...auth }, amount: 10_000 });
const rss10k = rssMiB(omsim.pid!);
await autocannon({ url: `${omsimUrl}/match`, connections, method: 'POST', body: columns3, headers: { 'content-type': 'application/json', ...auth }, amount: 90_000 });
const rss100k = rssMiB(omsim.pid!);
await stop(omsim);

// (d) the Prism mock
const prismPort = await freePort();
const prism = await start(process.execPath, ['node_modules/@stoplight/prism-cli/dist/index.js', 'mock', 'openapi.yaml', '--host', '127.0.0.1', '--port', String(prismPort)], {}, /listening/);
rows.push(await drive('(d) Prism mock POST /match, 3 columns', `http://127.0.0.1:${prismPort}/match`, { body: columns3, headers: { authorization: 'Bearer omsim_x' } }));
await stop(prism);

const ceiling = rows[0]!.rps;
const table = [['target', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'vs (a)'], ...rows.map((r) => [r.name, r.rps.toFixed(0), String(r.p50), String(r.p99), String(r.non2xx + r.errors), `${((r.rps / ceiling) * 100).toFixed(0)}%`])];
const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
console.log(`\nnpm run bench — ${connections} connections, ${duration} s per target after a 3 s warm-up, ${cpus().length} cores.`);
console.log('The load generator and the server share this machine\'s cores: read the ratios, not the absolute figures.\n');
for (const r of table) console.log('  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
const b3 = rows[1]!, mock = rows[4]!;
console.log(`\n  (b) 3 columns / (a): ${((b3.rps / ceiling) * 100).toFixed(0)}% (target ≥ 75%);  p99 ${b3.p99} ms (target ≤ 15 ms)`);
console.log(`  (b) 3 columns / (d) Prism: ${(b3.rps / mock.rps).toFixed(1)}× (target ≥ 3×)`);
console.log(`  OMSIM RSS after 10k requests: ${rss10k.toFixed(0)} MiB; after 100k: ${rss100k.toFixed(0)} MiB (${(((rss100k - rss10k) / rss10k) * 100).toFixed(1)}%, target within 10%)`);

const out = values.out ?? join(root, 'scripts/bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), connections, duration, cores: cpus().length, rows, rss: { after10k: rss10k, after100k: rss100k } }, null, 2));
console.log(`\nFigures written to ${out}`);
rmSync(logDir, { recursive: true, force: true });
