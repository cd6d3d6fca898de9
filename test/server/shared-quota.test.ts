/**
 * Two server processes sharing one redis-server and one database: one quota
 * across both, and a revocation made through one holds in the other.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { call } from '../support/http.js';
import { startServerProcess, type ServerProcess } from '../support/process.js';
import { redisAvailable, startRedis, type RedisServer } from '../support/redis.js';

const skip = !redisAvailable() && process.env.CI !== 'true' ? 'redis-server is not installed (apt-get install redis-server)' : false;

describe('quota shared through Redis', { skip }, () => {
  let redis: RedisServer;
  let a: ServerProcess;
  let b: ServerProcess;
  const admin = 'omsim_' + 'R'.repeat(43);

  before(async () => {
    redis = await startRedis();
    const dir = mkdtempSync(join(tmpdir(), 'omsim-redis-'));
    const env = { OMSIM_DB: join(dir, 'omsim.db'), OMSIM_REDIS_URL: redis.url, OMSIM_BOOTSTRAP_TOKEN: admin, OMSIM_LOG_LEVEL: 'warn' };
    a = await startServerProcess(env);
    b = await startServerProcess(env);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  it('200 concurrent requests over two processes on a quota of 50: exactly 50 succeed', async () => {
    const issued = await call(a.baseUrl, 'POST', '/tokens', { token: admin, body: { name: 'shared', role: 'user', quota: { limit: 50, windowSeconds: 3 } } });
    const token = issued.body.token;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => call(i % 2 ? a.baseUrl : b.baseUrl, 'GET', '/me', { token })),
    );
    const ok = results.filter((r) => r.status === 200).length;
    const limited = results.filter((r) => r.status === 429);
    assert.equal(ok, 50);
    assert.equal(limited.length, 150);
    for (const r of limited) {
      const retry = Number(r.headers.get('retry-after'));
      assert.ok(retry >= 1 && retry <= 3, `Retry-After ${retry}`);
    }
    await new Promise((r) => setTimeout(r, 3200));
    assert.equal((await call(b.baseUrl, 'GET', '/me', { token })).status, 200, 'the token works again after the window');
  });

  it('a token revoked through one process is refused by the other', async () => {
    const issued = await call(a.baseUrl, 'POST', '/tokens', { token: admin, body: { name: 'r', role: 'user' } });
    assert.equal((await call(b.baseUrl, 'GET', '/me', { token: issued.body.token })).status, 200);
    assert.equal((await call(a.baseUrl, 'DELETE', `/tokens/${issued.body.id}`, { token: admin })).status, 204);
    assert.equal((await call(b.baseUrl, 'GET', '/me', { token: issued.body.token })).status, 401);
  });

  it('a token rotated through one process: the other refuses the old secret at once and accepts the new one', async () => {
    const issued = await call(a.baseUrl, 'POST', '/tokens', { token: admin, body: { name: 'rot', role: 'user' } });
    assert.equal((await call(b.baseUrl, 'GET', '/me', { token: issued.body.token })).status, 200);
    const rotated = await call(a.baseUrl, 'POST', `/tokens/${issued.body.id}/rotate`, { token: admin });
    assert.equal(rotated.status, 201);
    assert.equal((await call(b.baseUrl, 'GET', '/me', { token: issued.body.token })).status, 401);
    assert.equal((await call(b.baseUrl, 'GET', '/me', { token: rotated.body.token })).status, 200);
  });
});
