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
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { cleanUp, columns3, columns50, root, startBare, startOmsim, requestTo, startPrism, stop, type Target } from './targets.js';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' }, out: { type: 'string' } } });
const duration = Number(values.duration);
const connections = Number(values.connections);

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

interface Row { name: string; rps: number; p50: number; p99: number; non2xx: number; errors: number }

async function drive(name: string, target: Target, path: string, opts: { method?: 'GET' | 'POST'; body?: string } = {}): Promise<Row> {
  const base = { ...requestTo(target, path, opts), connections };
  await autocannon({ ...base, duration: 3 }); // warm-up
  const r = await autocannon({ ...base, duration });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

const rows: Row[] = [];

// (a) the ceiling
const bare = await startBare();
rows.push(await drive('(a) bare Express, POST fixed JSON', bare, '/match', { body: columns3 }));
await stop(bare);

// (b), (c) OMSIM as deployed
const omsim = await startOmsim();
rows.push(await drive('(b) OMSIM POST /match, 3 columns', omsim, '/match', { body: columns3 }));
rows.push(await drive('(b) OMSIM POST /match, 50 columns', omsim, '/match', { body: columns50 }));
rows.push(await drive('(c) OMSIM GET /me', omsim, '/me', { method: 'GET' }));
// Memory: RSS after 10k and after 100k further requests (no growth per request expected).
const more = (amount: number) => autocannon({ ...requestTo(omsim, '/match', { body: columns3 }), connections, amount });
await more(10_000);
const rss10k = rssMiB(omsim.child.pid!);
await more(90_000);
const rss100k = rssMiB(omsim.child.pid!);
await stop(omsim);

// (d) the Prism mock
const prism = await startPrism();
rows.push(await drive('(d) Prism mock POST /match, 3 columns', prism, '/match', { body: columns3 }));
await stop(prism);
cleanUp();

const ceiling = rows[0]!.rps;
const table = [['target', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'vs (a)'], ...rows.map((r) => [r.name, r.rps.toFixed(0), String(r.p50), String(r.p99), String(r.non2xx + r.errors), `${((r.rps / ceiling) * 100).toFixed(0)}%`])];
const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
console.log(`\nnpm run bench — ${connections} connections, ${duration} s per target after a 3 s warm-up, ${cpus().length} cores.`);
console.log('The load generator and the server share this machine\'s cores: read the ratios, not the absolute figures.\n');
for (const r of table) console.log('  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
const b3 = rows[1]!, mock = rows[4]!;
const verdict = (ok: boolean) => (ok ? 'met' : 'missed');
console.log(`\n  (b) 3 columns / (a): ${((b3.rps / ceiling) * 100).toFixed(0)}% (target ≥ 75%, ${verdict(b3.rps >= 0.75 * ceiling)});  p99 ${b3.p99} ms (target ≤ 15 ms, ${verdict(b3.p99 <= 15)})`);
console.log(`  (b) 3 columns / (d) Prism: ${(b3.rps / mock.rps).toFixed(1)}× (target ≥ 3×, ${verdict(b3.rps >= 3 * mock.rps)})`);
const growth = ((rss100k - rss10k) / rss10k) * 100;
// The target is no growth per request: RSS that shrinks (the heap giving memory back) meets it.
console.log(`  OMSIM RSS after 10k requests: ${rss10k.toFixed(0)} MiB; after 100k: ${rss100k.toFixed(0)} MiB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%; target: at most +10%, ${growth <= 10 ? 'met' : 'missed'})`);

const out = values.out ?? join(root, 'scripts/bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), connections, duration, cores: cpus().length, rows, rss: { after10k: rss10k, after100k: rss100k } }, null, 2));
console.log(`\nFigures written to ${out}`);
