/**
 * The server as operators run it: first start prints an admin token; tokens and
 * revocations survive a restart; the token CLI works on the same database; the
 * SQLite file and the logs hold no secret; SIGTERM flushes the audit trail.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { call } from '../support/http.js';
import { startServerProcess, tokenCli } from '../support/process.js';

describe('server process', () => {
  it('bootstraps, survives restarts, shares its database with the token CLI, stores no secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omsim-proc-'));
    const env = { OMSIM_DB: join(dir, 'omsim.db') };
    const first = await startServerProcess(env);
    const admin = /export OMSIM_TOKEN=(omsim_[A-Za-z0-9_-]{43})/.exec(first.output())?.[1];
    assert.ok(admin, 'the first start prints an admin token');
    const issued = await call(first.baseUrl, 'POST', '/tokens', { token: admin, body: { name: 'keep', role: 'user' } });
    const doomed = await call(first.baseUrl, 'POST', '/tokens', { token: admin, body: { name: 'doomed', role: 'user' } });
    assert.equal((await call(first.baseUrl, 'DELETE', `/tokens/${doomed.body.id}`, { token: admin })).status, 204);
    await call(first.baseUrl, 'POST', '/match', { token: issued.body.token, body: { columns: ['Sex'] } });
    assert.equal(await first.stop('SIGTERM'), 0, 'graceful shutdown exits 0');

    // The CLI works on the same file while the server is down.
    const cli = tokenCli(['create', '--name', 'from-cli', '--role', 'user', '--quota', '50/60s', '--expires', '1d'], env);
    assert.equal(cli.status, 0, cli.stderr);
    const cliSecret = cli.stdout.trim();
    assert.match(cliSecret, /^omsim_[A-Za-z0-9_-]{43}$/);
    const list = tokenCli(['list'], env);
    assert.match(list.stdout, /from-cli/);
    assert.doesNotMatch(list.stdout, /omsim_/);
    assert.equal(tokenCli(['create', '--name', 'x', '--role', 'root'], env).status, 2);

    const second = await startServerProcess(env);
    try {
      assert.doesNotMatch(second.output(), /export OMSIM_TOKEN/, 'no second bootstrap token');
      assert.equal((await call(second.baseUrl, 'GET', '/me', { token: issued.body.token })).status, 200);
      assert.equal((await call(second.baseUrl, 'GET', '/me', { token: doomed.body.token })).status, 401);
      const me = await call(second.baseUrl, 'GET', '/me', { token: cliSecret });
      assert.equal(me.status, 200);
      assert.equal(me.body.quota.limit, 50);
      // The audit event of the first run was flushed on SIGTERM.
      const audit = await call(second.baseUrl, 'GET', `/audit?tokenId=${issued.body.id}`, { token: admin });
      assert.deepEqual(audit.body.items.map((e: { operationId: string }) => e.operationId), ['getMe', 'matchColumns']);
      // Revoke through the CLI: the running server refuses the token on its next request.
      const cliId = JSON.parse((await call(second.baseUrl, 'GET', '/me', { token: cliSecret })).text).id;
      assert.equal(tokenCli(['revoke', cliId], env).status, 0);
      assert.equal((await call(second.baseUrl, 'GET', '/me', { token: cliSecret })).status, 401);
    } finally {
      await second.stop();
    }

    const secrets = [admin, issued.body.token, doomed.body.token, cliSecret];
    for (const file of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, file)).toString('latin1');
      for (const s of secrets) assert.ok(!bytes.includes(s), `${file} holds a secret`);
      assert.ok(!bytes.includes(secrets[1]!.slice(6)), `${file} holds a secret's body`);
    }
    const logs = first.output().replace(/export OMSIM_TOKEN=omsim_\S+/, '') + second.output();
    for (const s of secrets) assert.ok(!logs.includes(s), 'a log line holds a secret');
  });

  it('OMSIM_BOOTSTRAP_TOKEN registers that secret as admin, idempotently', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omsim-boot-'));
    const secret = 'omsim_' + 'B'.repeat(43);
    const env = { OMSIM_DB: join(dir, 'omsim.db'), OMSIM_BOOTSTRAP_TOKEN: secret };
    for (let run = 0; run < 2; run++) {
      const p = await startServerProcess(env);
      try {
        assert.doesNotMatch(p.output(), /export OMSIM_TOKEN/);
        const r = await call(p.baseUrl, 'GET', '/tokens', { token: secret });
        assert.equal(r.status, 200);
        assert.equal(r.body.items.length, 1);
      } finally {
        await p.stop();
      }
    }
  });

  it('a bad configuration stops the server with a clear message', async () => {
    await assert.rejects(startServerProcess({ OMSIM_DB: '/tmp/x.db', OMSIM_QUOTA_USER: 'lots' }), /OMSIM_QUOTA_USER must look like 600\/60s/);
    await assert.rejects(startServerProcess({ OMSIM_DB: '/tmp/x.db', OMSIM_BOOTSTRAP_TOKEN: 'short' }), /OMSIM_BOOTSTRAP_TOKEN must be omsim_/);
    await assert.rejects(startServerProcess({ OMSIM_DB: '/tmp/x.db', OMSIM_TRUST_PROXY: '10.0.0.0/33' }), /OMSIM_TRUST_PROXY: invalid range/);
  });
});
