/**
 * When a dependency fails mid-request — here the Redis that holds the quotas is
 * unreachable, so the authentication and quota steps reject — the request gets a
 * 500 problem document that names no cause, the cause goes to the log, and the
 * server keeps serving.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../scripts/free-port.js';
import { call } from '../support/http.js';
import { startServer, type TestServer } from '../support/omsim-server.js';

let server: TestServer;

before(async () => {
  // A loopback port nothing listens on: every Redis command fails after its retries.
  server = await startServer({ OMSIM_REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
});
after(() => server?.stop());

describe('a failing dependency', () => {
  it('gets a 500 problem document, without the cause, and the cause is logged', async () => {
    const { secret } = server.mint({ name: 'd', role: 'user' });
    for (const [method, path, body] of [['GET', '/me', undefined], ['POST', '/match', { columns: ['Sex'] }]] as const) {
      const r = await call(server.baseUrl, method, path, { token: secret, body });
      assert.equal(r.status, 500, r.text);
      assert.match(r.headers.get('content-type')!, /^application\/problem\+json/);
      assert.equal(r.body.code, 'internal_error');
      assert.match(r.body.instance, /^urn:omsim:request:/);
      assert.doesNotMatch(r.text, /redis|ECONNREFUSED|\bat \w+ \(|node_modules/i);
      assert.ok(!r.text.includes(secret));
    }
    const logs = server.logs.join('');
    assert.match(logs, /request failed/);
    assert.ok(!logs.includes(secret));
  });
});
