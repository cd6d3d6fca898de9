/**
 * `npm run docs`: the docs site, built with Redocly from openapi.yaml plus what
 * the docs show that the contract keeps elsewhere, so it is written once:
 *  - each operation's roles, read from its `x-roles` ("Roles: admin only");
 *  - the request samples of POST /match, read from docs/examples/ (the files the
 *    tests run), as Redoc `x-codeSamples`.
 * The result is self-contained (--inlineBundle) and works offline.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { listOperations, loadContract } from '../src/contract/contract.js';

const root = new URL('..', import.meta.url).pathname;
const doc = loadContract();
const example = (file: string) => readFileSync(join(root, 'docs/examples', file), 'utf8').trimEnd();

for (const op of listOperations(doc)) {
  const operation = doc.paths[op.path][op.method];
  const roles = op.roles.length === 1 && op.roles[0] === 'admin' ? '`admin` only' : op.roles.map((r) => `\`${r}\``).join(', ');
  operation.description = `**Roles:** ${roles}.\n\n${operation.description ?? ''}`;
}
doc.paths['/match'].post['x-codeSamples'] = [
  { lang: 'Shell', label: 'curl', source: example('match.sh') },
  { lang: 'Python', label: 'Python (requests)', source: example('match.py') },
  { lang: 'JavaScript', label: 'JavaScript (fetch)', source: example('match.mjs') },
  { lang: 'TypeScript', label: 'Typed client', source: example('match-client.ts') },
];

const bundle = join(mkdtempSync(join(tmpdir(), 'omsim-docs-')), 'openapi.yaml');
writeFileSync(bundle, stringify(doc, { lineWidth: 0 }));
const r = spawnSync(
  join(root, 'node_modules/.bin/redocly'),
  ['build-docs', bundle, '-o', join(root, 'docs/index.html'), '--inlineBundle', '--title', 'OMSIM API', '--openapi.jsonSamplesExpandLevel=all', '--config', join(root, 'redocly.yaml')],
  { cwd: root, stdio: 'inherit' },
);
process.exit(r.status ?? 1);
