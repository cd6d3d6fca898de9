/**
 * The contract's toolchain: Redocly lint is clean and its rules bite; the
 * generated types are fresh; the TypeScript compiles.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name: string) => join(root, 'node_modules/.bin', name);

function lint(file: string, cwd = root) {
  return spawnSync(bin('redocly'), ['lint', file, '--format', 'stylish'], { cwd, encoding: 'utf8' });
}

describe('npm run lint', () => {
  it('reports no error and no warning on openapi.yaml', () => {
    const r = lint('openapi.yaml');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /Your API description is valid/);
    assert.doesNotMatch(r.stdout + r.stderr, /\d+:\d+\s+(warning|error)/);
  });

  // Each edit breaks one house rule of redocly.yaml; lint must name that rule.
  const breakages: [string, (s: string) => string, string][] = [
    ['an operation without 429', (s) => s.replace(/( {8}'429':\n {10}\$ref: '#\/components\/responses\/TooManyRequests'\n)/, ''), 'operation-declares-auth-and-quota-errors'],
    ['a 401 without WWW-Authenticate', (s) => s.replace(/ {8}WWW-Authenticate:\n {10}\$ref: '#\/components\/headers\/WWW-Authenticate'\n/, ''), '401-has-www-authenticate'],
    ['a 429 without Retry-After', (s) => s.replace(/ {8}Retry-After:\n {10}\$ref: '#\/components\/headers\/Retry-After'\n/, ''), '429-has-retry-after'],
    ['a contract without global security', (s) => s.replace('security:\n  - bearerAuth: []\ntags:', 'tags:'), 'global-bearer-auth'],
    ['an operation without x-roles', (s) => s.replace('      x-roles: [admin]\n', ''), 'operation-has-roles'],
    ['an error served as application/json', (s) => s.replace(/(  responses:\n    BadRequest:[\s\S]*?content:\n {8})application\/problem\+json/, '$1application/json'), 'error-is-problem-json'],
    ['a body without examples', (s) => s.replace(/ {12}examples:\n {14}basic:\n {16}summary: Three columns of a patient table\n {16}value:\n {18}columns: \[Patient Age, Sex, Weight\]\n {14}withOptions:\n[\s\S]*?threshold: 0.6\n/, ''), 'media-type-has-examples'],
  ];
  for (const [what, edit, rule] of breakages) {
    it(`fails on ${what} (${rule})`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'omsim-lint-'));
      const original = readFileSync(join(root, 'openapi.yaml'), 'utf8');
      const broken = edit(original);
      assert.notEqual(broken, original, 'the edit must change the contract');
      writeFileSync(join(dir, 'openapi.yaml'), broken);
      copyFileSync(join(root, 'redocly.yaml'), join(dir, 'redocly.yaml'));
      const r = lint('openapi.yaml', dir);
      assert.notEqual(r.status, 0);
      assert.match(r.stdout + r.stderr, new RegExp(rule));
    });
  }
});

describe('npm run generate', () => {
  it('src/generated/openapi.d.ts is what openapi-typescript makes of openapi.yaml now', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'omsim-gen-')), 'openapi.d.ts');
    // Run the very command of `npm run generate`, writing elsewhere.
    const script: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.generate;
    const args = script.split(/\s+/).slice(1).map((a) => (a === 'src/generated/openapi.d.ts' ? out : a));
    assert.ok(args.includes(out));
    execFileSync(bin('openapi-typescript'), args, { cwd: root, stdio: 'pipe' });
    const committed = readFileSync(join(root, 'src/generated/openapi.d.ts'), 'utf8');
    assert.equal(committed, readFileSync(out, 'utf8'), 'stale: run `npm run generate` and commit the result');
  });
});

describe('tsc --noEmit', () => {
  it('type-checks the whole project', () => {
    const r = spawnSync(bin('tsc'), ['--noEmit', '-p', '.'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
