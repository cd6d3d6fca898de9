/** Quotas: headers on every authenticated response, 429 when spent, back after the window; the per-IP guard. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ContractValidator } from '../support/contract-validator.js';
import { call } from '../support/http.js';
import { startServer, type TestServer } from '../support/omsim-server.js';

const contract = new ContractValidator();
let server: TestServer;

before(async () => {
  server = await startServer({ OMSIM_AUTH_FAILURES: '5/2s' });
});
after(() => server?.stop());

describe('per-token quota', () => {
  it('counts down, answers 429 with Retry-After when spent, and recovers after the window', async () => {
    const t = server.mint({ name: 'small', role: 'user', quota: { limit: 3, windowSeconds: 2 } });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await call(server.baseUrl, 'POST', '/match', { token: t.secret, body: { columns: ['Sex'] } });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('ratelimit-limit'), '3');
      remaining.push(r.headers.get('ratelimit-remaining')!);
    }
    assert.deepEqual(remaining, ['2', '1', '0']);
    const over = await call(server.baseUrl, 'POST', '/match', { token: t.secret, body: { columns: ['Sex'] } });
    assert.equal(over.status, 429);
    assert.equal(over.body.code, 'quota_exceeded');
    const retry = Number(over.headers.get('retry-after'));
    assert.ok(retry >= 1 && retry <= 2, `Retry-After ${retry}`);
    assert.deepEqual(contract.validateResponse('matchColumns', over), []);
    await new Promise((r) => setTimeout(r, retry * 1000 + 100));
    const back = await call(server.baseUrl, 'POST', '/match', { token: t.secret, body: { columns: ['Sex'] } });
    assert.equal(back.status, 200);
  });

  it('error responses of an authenticated request carry the rate-limit headers too', async () => {
    const t = server.mint({ name: 'h', role: 'user' });
    const r = await call(server.baseUrl, 'POST', '/match', { token: t.secret, body: { columns: [] } });
    assert.equal(r.status, 400);
    assert.equal(r.headers.get('ratelimit-limit'), '600');
    assert.deepEqual(contract.validateResponse('matchColumns', r), []);
  });
});

describe('failed-authentication guard', () => {
  it('a burst of bad tokens from one address → 401, then 429; the window ends it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call(server.baseUrl, 'GET', '/me', { token: `omsim_${String(i).padStart(43, 'x')}` })).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);
    const blocked = await call(server.baseUrl, 'GET', '/me', { token: 'wrong' });
    assert.equal(blocked.body.code, 'too_many_failed_attempts');
    assert.ok(Number(blocked.headers.get('retry-after')) >= 1);
    assert.deepEqual(contract.validateResponse('getMe', blocked), []);
    await new Promise((r) => setTimeout(r, 2200));
    const t = server.mint({ name: 'after', role: 'user' });
    assert.equal((await call(server.baseUrl, 'GET', '/me', { token: t.secret })).status, 200);
  });
});
