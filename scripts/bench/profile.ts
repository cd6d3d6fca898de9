/**
 * `npm run bench:profile`: where a request's time goes. Runs (a) bare Express and
 * (b) OMSIM POST /match with 3 columns under the same autocannon load as
 * `npm run bench`, each with `node --cpu-prof`, and prints the CPU microseconds
 * per request of each component side by side. The profiler slows both a little;
 * read the split, not the totals. Options: --duration S (8), --connections N (10),
 * --keep DIR (keep the .cpuprofile files, e.g. to open in Chrome DevTools).
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { costByComponent, mainProfile } from './cpu-profile.js';
import { cleanUp, columns3, requestTo, startBare, startOmsim, stop, type Target } from './targets.js';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '8' }, connections: { type: 'string', default: '10' }, keep: { type: 'string' } } });
const duration = Number(values.duration);
const connections = Number(values.connections);
const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'omsim-profile-'));

async function profile(name: string, launch: (nodeArgs: string[]) => Promise<Target>): Promise<{ requests: number; cost: Map<string, number> }> {
  const out = join(dir, name);
  const target = await launch(['--cpu-prof', `--cpu-prof-dir=${out}`]);
  const options = { ...requestTo(target, '/match', { body: columns3 }), connections };
  const warm = await autocannon({ ...options, duration: 2 });
  const run = await autocannon({ ...options, duration });
  await stop(target); // the profile is written at exit
  return { requests: warm.requests.total + run.requests.total, cost: costByComponent(mainProfile(out)) };
}

const bare = await profile('bare', startBare);
const omsim = await profile('omsim', startOmsim);
cleanUp();

const perRequest = (r: typeof bare, name: string) => (r.cost.get(name) ?? 0) / r.requests;
const names = [...new Set([...omsim.cost.keys(), ...bare.cost.keys()])].sort((x, y) => perRequest(omsim, y) - perRequest(omsim, x));
const total = (r: typeof bare) => [...r.cost.values()].reduce((s, v) => s + v, 0) / r.requests;
const width = Math.max(...names.map((n) => n.length));
console.log(`\nCPU µs per request, POST /match (3 columns), ${connections} connections, ${duration} s after a 2 s warm-up, under node --cpu-prof:\n`);
console.log(`  ${'component'.padEnd(width)}  ${'(a) bare'.padStart(9)}  ${'(b) OMSIM'.padStart(9)}`);
for (const n of names) console.log(`  ${n.padEnd(width)}  ${perRequest(bare, n).toFixed(1).padStart(9)}  ${perRequest(omsim, n).toFixed(1).padStart(9)}`);
console.log(`  ${'total'.padEnd(width)}  ${total(bare).toFixed(1).padStart(9)}  ${total(omsim).toFixed(1).padStart(9)}`);
console.log(`\n  (a) served ${bare.requests} requests, (b) ${omsim.requests}. Components are grouped by source file or package (scripts/bench/cpu-profile.ts).`);
if (values.keep) console.log(`  Profiles kept in ${dir}.`);
else rmSync(dir, { recursive: true, force: true });
