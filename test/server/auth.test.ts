/** Authentication, roles, tokens' life cycle, over HTTP against the real app. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ContractValidator } from '../support/contract-validator.js';
import { call } from '../support/http.js';
import { startServer, type TestServer } from '../support/omsim-server.js';

const contract = new ContractValidator();
let server: TestServer;
let admin: { id: string; secret: string };
let user: { id: string; secret: string };

before(async () => {
  server = await startServer();
  admin = server.mint({ name: 'test-admin', role: 'admin' });
  user = server.mint({ name: 'test-user', role: 'user' });
});
after(() => server?.stop());

function conforms(operationId: string, r: { status: number; headers: Headers; body: unknown }) {
  assert.deepEqual(contract.validateResponse(operationId, r), []);
}

describe('401 variants', () => {
  const variants: [string, Record<string, string>, string, RegExp][] = [
    ['no Authorization header', {}, 'missing_credentials', /^Bearer realm="omsim"$/],
    ['a Basic scheme', { Authorization: 'Basic dXNlcjpwYXNz' }, 'missing_credentials', /^Bearer realm="omsim"$/],
    ['an empty bearer value', { Authorization: 'Bearer ' }, 'invalid_token', /error="invalid_token"/],
    ['a malformed token', { Authorization: 'Bearer not-a-token' }, 'invalid_token', /error="invalid_token"/],
    ['an unknown well-formed token', { Authorization: `Bearer omsim_${'A'.repeat(43)}` }, 'invalid_token', /error="invalid_token"/],
  ];
  for (const [what, headers, code, challenge] of variants) {
    it(`${what} → 401 ${code}`, async () => {
      const r = await call(server.baseUrl, 'GET', '/me', { headers });
      assert.equal(r.status, 401);
      assert.equal(r.body.code, code);
      assert.match(r.headers.get('www-authenticate')!, challenge);
      assert.equal(r.headers.get('ratelimit-limit'), null, 'a failed authentication counts against no token');
      conforms('getMe', r);
    });
  }

  it('an expired token → 401 invalid_token', async () => {
    const t = server.mint({ name: 'short', role: 'user', expiresAt: new Date(Date.now() + 300).toISOString() });
    assert.equal((await call(server.baseUrl, 'GET', '/me', { token: t.secret })).status, 200);
    await new Promise((r) => setTimeout(r, 400));
    const r = await call(server.baseUrl, 'GET', '/me', { token: t.secret });
    assert.equal(r.status, 401);
    assert.match(r.body.detail, /expired/);
  });
});

describe('roles come from x-roles', () => {
  const adminOnly: [string, string, string, unknown?][] = [
    ['createToken', 'POST', '/tokens', { name: 'x', role: 'user' }],
    ['listTokens', 'GET', '/tokens'],
    ['getToken', 'GET', '/tokens/tok_0000000000000000'],
    ['revokeToken', 'DELETE', '/tokens/tok_0000000000000000'],
    ['rotateToken', 'POST', '/tokens/tok_0000000000000000/rotate'],
    ['listAuditEvents', 'GET', '/audit'],
  ];
  for (const [operationId, method, path, body] of adminOnly) {
    it(`a user token on ${operationId} → 403 insufficient_scope`, async () => {
      assert.deepEqual(contract.operation(operationId).roles, ['admin']);
      const r = await call(server.baseUrl, method, path, { token: user.secret, body });
      assert.equal(r.status, 403);
      assert.equal(r.body.code, 'insufficient_role');
      assert.match(r.headers.get('www-authenticate')!, /error="insufficient_scope"/);
      conforms(operationId, r);
    });
  }
  it('a user token may match and read /me', async () => {
    const r = await call(server.baseUrl, 'POST', '/match', { token: user.secret, body: { columns: ['Sex'] } });
    assert.equal(r.status, 200);
    conforms('matchColumns', r);
  });
});

describe('token life cycle', () => {
  it('issue → works; revoke → 401 on the next request', async () => {
    const issued = await call(server.baseUrl, 'POST', '/tokens', { token: admin.secret, body: { name: 'app', role: 'user' } });
    assert.equal(issued.status, 201);
    conforms('createToken', issued);
    assert.equal(issued.headers.get('location'), `/tokens/${issued.body.id}`);
    assert.equal((await call(server.baseUrl, 'GET', '/me', { token: issued.body.token })).status, 200);
    const revoked = await call(server.baseUrl, 'DELETE', `/tokens/${issued.body.id}`, { token: admin.secret });
    assert.equal(revoked.status, 204);
    conforms('revokeToken', revoked);
    const after = await call(server.baseUrl, 'GET', '/me', { token: issued.body.token });
    assert.equal(after.status, 401);
    assert.match(after.body.detail, /revoked/);
    const meta = await call(server.baseUrl, 'GET', `/tokens/${issued.body.id}`, { token: admin.secret });
    assert.ok(meta.body.revokedAt);
    conforms('getToken', meta);
  });

  it('rotate → the old secret is 401, the new one 200, same id', async () => {
    const t = server.mint({ name: 'rot', role: 'user' });
    const r = await call(server.baseUrl, 'POST', `/tokens/${t.id}/rotate`, { token: admin.secret });
    assert.equal(r.status, 201);
    conforms('rotateToken', r);
    assert.equal(r.body.id, t.id);
    assert.notEqual(r.body.token, t.secret);
    assert.equal((await call(server.baseUrl, 'GET', '/me', { token: t.secret })).status, 401);
    assert.equal((await call(server.baseUrl, 'GET', '/me', { token: r.body.token })).status, 200);
  });

  it('unknown ids → 404; malformed ids → 400; revoked tokens cannot be rotated', async () => {
    const unknown = await call(server.baseUrl, 'GET', '/tokens/tok_ffffffffffffffff', { token: admin.secret });
    assert.equal(unknown.status, 404);
    conforms('getToken', unknown);
    const bad = await call(server.baseUrl, 'GET', '/tokens/nope', { token: admin.secret });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].location, 'path');
    conforms('getToken', bad);
    const t = server.mint({ name: 'gone', role: 'user' });
    await call(server.baseUrl, 'DELETE', `/tokens/${t.id}`, { token: admin.secret });
    assert.equal((await call(server.baseUrl, 'POST', `/tokens/${t.id}/rotate`, { token: admin.secret })).status, 404);
  });

  it('expiresAt in the past → 400; per-token quota is honoured', async () => {
    const past = await call(server.baseUrl, 'POST', '/tokens', { token: admin.secret, body: { name: 'p', role: 'user', expiresAt: '2001-01-01T00:00:00Z' } });
    assert.equal(past.status, 400);
    assert.equal(past.body.errors[0].path, '/expiresAt');
    conforms('createToken', past);
    const q = await call(server.baseUrl, 'POST', '/tokens', { token: admin.secret, body: { name: 'q', role: 'user', quota: { limit: 7, windowSeconds: 30 } } });
    assert.deepEqual(q.body.quota, { limit: 7, windowSeconds: 30 });
    const me = await call(server.baseUrl, 'GET', '/me', { token: q.body.token });
    assert.equal(me.body.quota.limit, 7);
    assert.equal(me.body.quota.remaining, 6);
    assert.equal(me.headers.get('ratelimit-limit'), '7');
    conforms('getMe', me);
  });

  it('lists tokens page by page, never with a secret', async () => {
    const first = await call(server.baseUrl, 'GET', '/tokens?limit=2', { token: admin.secret });
    assert.equal(first.status, 200);
    conforms('listTokens', first);
    assert.equal(first.body.items.length, 2);
    assert.ok(first.body.nextCursor);
    const second = await call(server.baseUrl, 'GET', `/tokens?limit=2&cursor=${first.body.nextCursor}`, { token: admin.secret });
    assert.notDeepEqual(second.body.items[0].id, first.body.items[0].id);
    assert.doesNotMatch(first.text + second.text, /omsim_/);
    const badCursor = await call(server.baseUrl, 'GET', '/tokens?cursor=zzzz', { token: admin.secret });
    assert.equal(badCursor.status, 400);
  });
});

describe('audit trail', () => {
  it('records authenticated requests with route templates, filterable, never a secret', async () => {
    const t = server.mint({ name: 'audited', role: 'user' });
    await call(server.baseUrl, 'POST', '/match', { token: t.secret, body: { columns: ['Sex'] } });
    await call(server.baseUrl, 'GET', '/tokens', { token: t.secret });
    const r = await call(server.baseUrl, 'GET', `/audit?tokenId=${t.id}`, { token: admin.secret });
    assert.equal(r.status, 200);
    conforms('listAuditEvents', r);
    assert.deepEqual(
      r.body.items.map((e: any) => [e.operationId, e.status, e.route]),
      [['listTokens', 403, '/tokens'], ['matchColumns', 200, '/match']],
    );
    const only403 = await call(server.baseUrl, 'GET', `/audit?tokenId=${t.id}&status=403`, { token: admin.secret });
    assert.equal(only403.body.items.length, 1);
    const future = await call(server.baseUrl, 'GET', `/audit?since=2999-01-01T00:00:00Z`, { token: admin.secret });
    assert.equal(future.body.items.length, 0);
    assert.doesNotMatch(r.text, /omsim_/);
  });
});
