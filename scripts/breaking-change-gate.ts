/**
 * The breaking-change gate (part of `npm run lint`): compares openapi.yaml with
 * the last released contract (docs/released/openapi.yaml) and fails on a change
 * that would break an existing integrator, unless info.version's major number
 * was raised (Semantic Versioning 2.0.0 §8).
 *
 * openapi-diff finds removed operations and status codes, new required request
 * fields and narrowed types; it does not see enums narrowed, so that check is
 * added here. Usage: tsx scripts/breaking-change-gate.ts [--released FILE] [--current FILE]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    released: { type: 'string', default: join(root, 'docs/released/openapi.yaml') },
    current: { type: 'string', default: join(root, 'openapi.yaml') },
  },
});
const releasedFile = values.released!;
const currentFile = values.current!;
const released = parse(readFileSync(releasedFile, 'utf8'));
const current = parse(readFileSync(currentFile, 'utf8'));
const major = (doc: { info?: { version?: string } }) => Number(/^(\d+)/.exec(doc.info?.version ?? '')?.[1] ?? NaN);

/** Enum values present in the released contract and gone from the current one, by JSON pointer. */
function narrowedEnums(before: unknown, after: unknown, pointer = ''): string[] {
  if (!before || typeof before !== 'object') return [];
  const found: string[] = [];
  const b = before as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  if (Array.isArray(b.enum) && Array.isArray(a.enum)) {
    const gone = b.enum.filter((v) => !(a.enum as unknown[]).some((w) => JSON.stringify(w) === JSON.stringify(v)));
    if (gone.length > 0) found.push(`enum narrowed at ${pointer || '/'}: ${gone.map((v) => JSON.stringify(v)).join(', ')} removed`);
  }
  for (const [key, child] of Object.entries(b)) {
    if (key === 'examples' || key === 'example' || key === 'enum') continue;
    if (key in a) found.push(...narrowedEnums(child, a[key], `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  return found;
}

const diff = spawnSync(join(root, 'node_modules/.bin/openapi-diff'), [releasedFile, currentFile], { encoding: 'utf8' });
const problems: string[] = [];
if (diff.status !== 0) {
  try {
    const report = JSON.parse(diff.stdout.slice(diff.stdout.indexOf('{')));
    for (const d of report.breakingDifferences ?? []) {
      const where = [...(d.sourceSpecEntityDetails ?? []), ...(d.destinationSpecEntityDetails ?? [])].map((e: { location: string }) => e.location);
      problems.push(`${d.code} at ${[...new Set(where)].join(', ') || '(root)'}`);
    }
  } catch {
    problems.push(`openapi-diff failed: ${(diff.stdout + diff.stderr).trim().slice(0, 500)}`);
  }
}
problems.push(...narrowedEnums(released, current));

if (problems.length === 0) {
  console.log(`breaking-change gate: no breaking change against the released contract ${released.info.version}.`);
  process.exit(0);
}
if (major(current) > major(released)) {
  console.log(`breaking-change gate: ${problems.length} breaking change(s), accepted: info.version ${released.info.version} → ${current.info.version} raises the major version.`);
  process.exit(0);
}
console.error(`breaking-change gate: ${currentFile.replace(root, "")} breaks the released contract ${released.info.version}:`);
for (const p of problems) console.error(`  - ${p}`);
console.error(`Keep the change compatible, or raise info.version's major number (${released.info.version} → ${major(released) + 1}.0.0) and tell integrators.`);
process.exit(1);
