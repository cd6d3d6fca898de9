/**
 * The request samples the docs publish (docs/examples/) run against a real server
 * the test starts, so no published example can rot. The Python one is skipped
 * only where the `requests` package is absent.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../support/omsim-server.js';
import { root } from '../support/process.js';

const examples = join(root, 'docs/examples');
const hasRequests = spawnSync('python3', ['-c', 'import requests']).status === 0;
let server: TestServer;
let env: NodeJS.ProcessEnv;

before(async () => {
  server = await startServer();
  env = { ...process.env, OMSIM_BASE_URL: server.baseUrl, OMSIM_TOKEN: server.mint({ name: 'examples', role: 'user' }).secret };
});
after(() => server?.stop());

/**
 * Runs an example without blocking this process: the server answering it runs in
 * this same event loop, so a synchronous spawn would deadlock.
 */
function run(cmd: string, args: string[], runEnv = env): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env: runEnv, cwd: root, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const expected = /Patient Age 30525-0\nSex 76689-9\nWeight 29463-7/;

describe('docs/examples against the server', () => {
  it('curl (match.sh) prints the matches as JSON', async () => {
    const r = await run('sh', [join(examples, 'match.sh')]);
    assert.equal(r.status, 0, r.stderr);
    const body = JSON.parse(r.stdout);
    assert.deepEqual(body.matches.map((m: { best: { code: string } }) => m.best.code), ['30525-0', '76689-9', '29463-7']);
  });

  it('Python requests (match.py)', { skip: hasRequests ? false : 'the Python package requests is not installed' }, async () => {
    const r = await run('python3', [join(examples, 'match.py')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, expected);
  });

  it('JavaScript fetch (match.mjs)', async () => {
    const r = await run(process.execPath, [join(examples, 'match.mjs')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, expected);
  });

  it('the typed client (match-client.ts)', async () => {
    const r = await run(process.execPath, ['--import', 'tsx', join(examples, 'match-client.ts')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, expected);
    assert.match(r.stdout, /quota left: \d+/);
  });

  it('an example with a bad token fails with the problem title and detail', async () => {
    const r = await run(process.execPath, [join(examples, 'match.mjs')], { ...env, OMSIM_TOKEN: 'wrong' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Invalid token: The token is malformed/);
  });
});
