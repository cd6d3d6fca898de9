/**
 * One scenario suite, written with the typed client, run against the real server
 * and against the Prism mock: what integrators build against the mock holds
 * against the server. Where a scenario needs state the mock lacks (a spent quota,
 * a user token on an admin operation), the mock target asks for it with `Prefer`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOmsimClient } from '../../src/client/index.js';
import { ContractValidator } from '../support/contract-validator.js';
import { startMock, type MockServer } from '../support/prism-mock.js';
import { startServer, type TestServer } from '../support/omsim-server.js';

const contract = new ContractValidator();

interface Target {
  baseUrl: string;
  adminToken: string;
  userToken: string;
  /** A token whose quota is spent, and headers that make the target say so. */
  spentToken: string;
  prefer: (code: number) => Record<string, string>;
}

function conforms(operationId: string, response: Response, body: unknown) {
  assert.deepEqual(contract.validateResponse(operationId, { status: response.status, headers: response.headers, body }), []);
}

function scenarios(name: string, target: () => Target) {
  describe(`scenarios against the ${name}`, () => {
    it('matches the README columns', async () => {
      const t = target();
      const client = createOmsimClient({ baseUrl: t.baseUrl, token: t.userToken });
      const { data, response } = await client.POST('/match', { body: { columns: ['Patient Age', 'Sex', 'Weight'] } });
      assert.equal(response.status, 200);
      assert.deepEqual(data!.matches.map((m) => [m.column, m.best?.code]), [
        ['Patient Age', '30525-0'],
        ['Sex', '76689-9'],
        ['Weight', '29463-7'],
      ]);
      for (const m of data!.matches) assert.ok(m.candidates.length >= 1 && m.candidates.length <= 3);
      conforms('matchColumns', response, data);
    });

    it('reads its own token', async () => {
      const t = target();
      const { data, response } = await createOmsimClient({ baseUrl: t.baseUrl, token: t.userToken }).GET('/me');
      assert.equal(response.status, 200);
      assert.equal(data!.role, 'user');
      conforms('getMe', response, data);
    });

    it('is refused without a token', async () => {
      const t = target();
      const { error, response } = await createOmsimClient({ baseUrl: t.baseUrl, token: '' }).POST('/match', { body: { columns: ['Sex'] } });
      assert.equal(response.status, 401);
      assert.equal(error!.code, 'missing_credentials');
      conforms('matchColumns', response, error);
    });

    it('refuses a user token on an admin operation', async () => {
      const t = target();
      const client = createOmsimClient({ baseUrl: t.baseUrl, token: t.userToken, headers: t.prefer(403) });
      const { error, response } = await client.GET('/tokens');
      assert.equal(response.status, 403);
      assert.equal(error!.code, 'insufficient_role');
      conforms('listTokens', response, error);
    });

    it('answers 429 with Retry-After when the quota is spent', async () => {
      const t = target();
      const client = createOmsimClient({ baseUrl: t.baseUrl, token: t.spentToken, retry: false, headers: t.prefer(429) });
      const { error, response } = await client.POST('/match', { body: { columns: ['Sex'] } });
      assert.equal(response.status, 429);
      assert.equal(error!.code, 'quota_exceeded');
      assert.equal(client.rateLimit?.remaining, 0);
      assert.ok(Number(response.headers.get('retry-after')) >= 1);
      conforms('matchColumns', response, error);
    });

    it('rejects an invalid body with the list of errors', async () => {
      const t = target();
      const client = createOmsimClient({ baseUrl: t.baseUrl, token: t.userToken });
      const { error, response } = await client.POST('/match', { body: { columns: [] } });
      assert.equal(response.status, 400);
      assert.equal(error!.code, 'invalid_request');
      conforms('matchColumns', response, error);
    });

    it('issues a token whose secret has the omsim_ prefix', async () => {
      const t = target();
      const client = createOmsimClient({ baseUrl: t.baseUrl, token: t.adminToken });
      const { data, response } = await client.POST('/tokens', { body: { name: 'analytics-pipeline', role: 'user' } });
      assert.equal(response.status, 201);
      assert.match(data!.token, /^omsim_[A-Za-z0-9_-]{43}$/);
      conforms('createToken', response, data);
    });
  });
}

let server: TestServer;
let mock: MockServer;
let serverTarget: Target;
let mockTarget: Target;

before(async () => {
  [server, mock] = await Promise.all([startServer(), startMock()]);
  const spent = server.mint({ name: 'spent', role: 'user', quota: { limit: 1, windowSeconds: 3600 } });
  await fetch(`${server.baseUrl}/me`, { headers: { Authorization: `Bearer ${spent.secret}` } });
  serverTarget = {
    baseUrl: server.baseUrl,
    adminToken: server.mint({ name: 'admin', role: 'admin' }).secret,
    userToken: server.mint({ name: 'user', role: 'user' }).secret,
    spentToken: spent.secret,
    prefer: () => ({}),
  };
  mockTarget = {
    baseUrl: mock.baseUrl,
    adminToken: 'omsim_mock-admin',
    userToken: 'omsim_mock-user',
    spentToken: 'omsim_mock-spent',
    prefer: (code) => ({ Prefer: `code=${code}` }),
  };
});
after(async () => {
  await Promise.all([server?.stop(), mock?.stop()]);
});

scenarios('server', () => serverTarget);
scenarios('mock', () => mockTarget);
