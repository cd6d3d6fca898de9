/** The `omsim` CLI as a subprocess, against the real server and against the Prism mock. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startMock, type MockServer } from '../support/prism-mock.js';
import { startServer, type TestServer } from '../support/omsim-server.js';
import { root } from '../support/process.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI without blocking: the server under test shares this event loop. */
function omsim(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['scripts/omsim.mjs', ...args], { cwd: root, env: { ...process.env, OMSIM_TOKEN: undefined, OMSIM_BASE_URL: undefined, ...env }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
}

const dir = mkdtempSync(join(tmpdir(), 'omsim-cli-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

let server: TestServer;
let mock: MockServer;
let admin: string;
let user: string;

before(async () => {
  [server, mock] = await Promise.all([startServer(), startMock()]);
  admin = server.mint({ name: 'cli-admin', role: 'admin' }).secret;
  user = server.mint({ name: 'cli-user', role: 'user' }).secret;
});
after(() => Promise.all([server?.stop(), mock?.stop()]));

describe('omsim match against the server', () => {
  it('matches columns given as arguments, as an aligned table', async () => {
    const r = await omsim(['match', 'Patient Age', 'Sex', 'Weight', 'patient_id'], { OMSIM_BASE_URL: server.baseUrl, OMSIM_TOKEN: user });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^COLUMN\s+BEST MATCH\s+SYSTEM\s+CODE\s+SCORE$/);
    assert.match(lines[1]!, /^Patient Age\s+Age\s+http:\/\/loinc\.org\s+30525-0\s+[01]\.\d\d$/);
    assert.match(lines[4]!, /^patient_id\s+\(no match\)$/);
    const at = lines[0]!.indexOf('BEST MATCH');
    assert.ok(lines.slice(1).every((l) => l[at - 1] === ' ' && l[at] !== ' '), 'columns are aligned');
    assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colour when not on a terminal');
  });

  const csvCases: [string, string, string[]][] = [
    ['a BOM and commas', '\uFEFFPatient Age,Sex,Weight\n41,F,70\n', ['Patient Age', 'Sex', 'Weight']],
    ['semicolons', 'male;age;cigsPerDay;totChol\n1;39;0;195\n', ['male', 'age', 'cigsPerDay', 'totChol']],
    ['tabs', 'RIAGENDR\tRIDAGEYR\tBMXWT\n1\t62\t94.8\n', ['RIAGENDR', 'RIDAGEYR', 'BMXWT']],
    ['quoted headers with delimiters inside', '"Weight, kg","Height; cm",Sex\r\n70,170,F\r\n', ['Weight, kg', 'Height; cm', 'Sex']],
  ];
  for (const [what, text, columns] of csvCases) {
    it(`reads the header row of a CSV with ${what}`, async () => {
      const r = await omsim(['match', '--csv', file(`${what.replace(/\W+/g, '-')}.csv`, text), '--json'], { OMSIM_BASE_URL: server.baseUrl, OMSIM_TOKEN: user });
      assert.equal(r.code, 0, r.stderr);
      const body = JSON.parse(r.stdout);
      assert.deepEqual(body.matches.map((m: { column: string }) => m.column), columns);
      assert.ok(body.matches.every((m: { best: unknown }) => m.best !== null), r.stdout);
    });
  }

  it('batches a wide CSV within the contract limit of 500 columns per request', async () => {
    const t = server.mint({ name: 'wide', role: 'user' });
    const header = Array.from({ length: 1_203 }, (_, i) => `lab_value_${i}`).join(',');
    const r = await omsim(['match', '--csv', file('wide.csv', header + '\n'), '--json'], { OMSIM_BASE_URL: server.baseUrl, OMSIM_TOKEN: t.secret });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).matches.length, 1_203);
    const me = await fetch(`${server.baseUrl}/me`, { headers: { Authorization: `Bearer ${t.secret}` } }).then((x) => x.json());
    assert.equal(me.quota.limit - me.quota.remaining, 4, 'three /match requests and this /me');
  });
});

describe('omsim exit codes and errors', () => {
  const cases: [string, () => [string[], Record<string, string>], number, RegExp][] = [
    ['no OMSIM_TOKEN → 3', () => [['match', 'Sex'], { OMSIM_BASE_URL: server.baseUrl }], 3, /Set OMSIM_TOKEN/],
    ['a refused token → 3 with the problem title and detail', () => [['match', 'Sex'], { OMSIM_BASE_URL: server.baseUrl, OMSIM_TOKEN: `omsim_${'Z'.repeat(43)}` }], 3, /Invalid token: The token is not known/],
    ['a user token on tokens list → 3 (403)', () => [['tokens', 'list'], { OMSIM_BASE_URL: server.baseUrl, OMSIM_TOKEN: user }], 3, /Forbidden: This operation requires one of the roles admin/],
    ['a spent quota → 4', () => {
      const t = server.mint({ name: 'spent', role: 'user', quota: { limit: 1, windowSeconds: 3600 } });
      return [['match', 'Sex', 'Age'], { OMSIM_BASE_URL: server.baseUrl, OMSIM_TOKEN: t.secret, SPEND: '1' }];
    }, 4, /Too many requests/],
    ['an unknown option → 2', () => [['match', '--frobnicate'], {}], 2, /unknown option/],
    ['a missing CSV file → 2', () => [['match', '--csv', join(dir, 'nope.csv')], { OMSIM_TOKEN: user }], 2, /Cannot read .*ENOENT/],
    ['an unreachable server → 5', () => [['match', 'Sex'], { OMSIM_BASE_URL: 'http://127.0.0.1:9', OMSIM_TOKEN: user }], 5, /Could not reach the server/],
  ];
  for (const [what, setup, code, message] of cases) {
    it(what, async () => {
      const [args, env] = setup();
      if (env.SPEND) {
        await omsim(['match', 'Sex'], env); // spends the one request
      }
      const r = await omsim(args, env);
      assert.equal(r.code, code, r.stdout + r.stderr);
      assert.match(r.stderr, message);
      if (env.OMSIM_TOKEN) assert.ok(!(r.stdout + r.stderr).includes(env.OMSIM_TOKEN), 'the token is never printed');
    });
  }
  it('a 400 prints what was invalid → 1', async () => {
    const r = await omsim(['match', 'Sex', '--limit', '10', '--threshold', '0.5'], { OMSIM_BASE_URL: server.baseUrl, OMSIM_TOKEN: user });
    assert.equal(r.code, 0, r.stderr);
    const bad = await omsim(['match', 'x'.repeat(201)], { OMSIM_BASE_URL: server.baseUrl, OMSIM_TOKEN: user });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /longer than 200 characters/);
  });
});

describe('omsim tokens', () => {
  it('create → list → rotate → revoke, secrets only on stdout of create and rotate', async () => {
    const env = { OMSIM_BASE_URL: server.baseUrl, OMSIM_TOKEN: admin };
    const created = await omsim(['tokens', 'create', '--name', 'from-cli', '--role', 'user', '--quota', '100/60s', '--expires', '30d'], env);
    assert.equal(created.code, 0, created.stderr);
    const secret = created.stdout.trim();
    assert.match(secret, /^omsim_[A-Za-z0-9_-]{43}$/);
    const id = /Issued (tok_[0-9a-f]{16})/.exec(created.stderr)![1]!;
    const list = await omsim(['tokens', 'list'], env);
    assert.match(list.stdout, new RegExp(`${id}\\s+from-cli\\s+user\\s+\\S+\\s+-\\s+-\\s+100/60s`));
    assert.doesNotMatch(list.stdout, /omsim_/);
    const rotated = await omsim(['tokens', 'rotate', id], env);
    assert.equal(rotated.code, 0, rotated.stderr);
    const fresh = rotated.stdout.trim();
    assert.equal((await omsim(['match', 'Sex'], { OMSIM_BASE_URL: server.baseUrl, OMSIM_TOKEN: secret })).code, 3);
    assert.equal((await omsim(['match', 'Sex'], { OMSIM_BASE_URL: server.baseUrl, OMSIM_TOKEN: fresh })).code, 0);
    assert.equal((await omsim(['tokens', 'revoke', id], env)).code, 0);
    assert.equal((await omsim(['match', 'Sex'], { OMSIM_BASE_URL: server.baseUrl, OMSIM_TOKEN: fresh })).code, 3);
    assert.equal((await omsim(['tokens', 'revoke', 'tok_ffffffffffffffff'], env)).code, 1);
  });
});

describe('omsim against the mock', () => {
  it('match --csv prints a table of the contract example', async () => {
    const r = await omsim(['match', '--csv', file('mock.csv', 'Patient Age,Sex,Weight\n')], { OMSIM_BASE_URL: mock.baseUrl, OMSIM_TOKEN: 'omsim_mock' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Patient Age\s+Age\s+http:\/\/loinc\.org\s+30525-0/);
    assert.match(r.stdout, /Weight\s+Body weight\s+http:\/\/loinc\.org\s+29463-7/);
  });
  it('without a token the CLI stops before calling', async () => {
    const r = await omsim(['match', 'Sex'], { OMSIM_BASE_URL: mock.baseUrl });
    assert.equal(r.code, 3);
  });
});
