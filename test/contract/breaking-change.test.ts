/** The breaking-change gate of `npm run lint`, against deliberate edits of the contract. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { root } from '../support/process.js';

const contract = readFileSync(join(root, 'openapi.yaml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'omsim-gate-'));

function gate(edited: string) {
  const file = join(dir, `openapi-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, edited);
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/breaking-change-gate.ts', '--current', file], { cwd: root, encoding: 'utf8' });
}

const edit = (from: string, to: string) => (s: string) => {
  assert.ok(s.includes(from), `the contract no longer contains ${JSON.stringify(from)}`);
  return s.replace(from, to);
};
const bumpMajor = (s: string) => s.replace('  version: 1.0.0\n', '  version: 2.0.0\n');

describe('breaking-change gate', () => {
  it('passes the working contract', () => {
    const r = gate(contract);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  const breaking: [string, (s: string) => string, RegExp][] = [
    ['a removed operation', edit('  /me:\n', '  /whoami:\n'), /path\.remove at paths\.\/me/],
    ['a new required request field', edit('      required: [columns]\n', '      required: [columns, threshold]\n'), /request\.body/],
    ['a narrowed type', edit('        threshold:\n          type: number', '        threshold:\n          type: integer'), /request\.body/],
    ['a narrowed enum', edit('      enum: [user, admin]\n', '      enum: [user]\n'), /enum narrowed at \/components\/schemas\/Role: "admin" removed/],
    ['a changed status code', (s) => s.replace("      responses:\n        '201':\n          description: The token was issued.", "      responses:\n        '200':\n          description: The token was issued."), /response\.status-code\.remove/],
  ];
  for (const [what, change, message] of breaking) {
    it(`fails on ${what}, saying what and how to proceed`, () => {
      const edited = change(contract);
      assert.notEqual(edited, contract);
      const r = gate(edited);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /raise info\.version's major number \(1\.0\.0 → 2\.0\.0\)/);
    });
    it(`accepts ${what} when the major version is raised`, () => {
      const r = gate(bumpMajor(change(contract)));
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /raises the major version/);
    });
  }

  const compatible: [string, (s: string) => string][] = [
    ['a reworded description', edit('How many candidates to return per column.', 'How many candidates to return for each column.')],
    ['a new optional query parameter', edit("        - $ref: '#/components/parameters/Cursor'\n      responses:", "        - $ref: '#/components/parameters/Cursor'\n        - name: role\n          in: query\n          schema:\n            type: string\n      responses:")],
    ['a wider enum', edit('      enum: [user, admin]\n', '      enum: [user, admin, auditor]\n')],
  ];
  for (const [what, change] of compatible) {
    it(`passes ${what}`, () => {
      const r = gate(change(contract));
      assert.equal(r.status, 0, r.stdout + r.stderr);
    });
  }
});
