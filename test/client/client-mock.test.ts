/**
 * The typed client against the Prism mock (`npm run mock`): what integrators get
 * before the server exists. Every response is validated against the contract.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOmsimClient } from '../../src/client/index.js';
import { ContractValidator } from '../support/contract-validator.js';
import { startMock, type MockServer } from '../support/prism-mock.js';

const contract = new ContractValidator();
let mock: MockServer;

before(async () => {
  mock = await startMock();
});
after(() => mock?.stop());

/** openapi-fetch has read the body already: pass what it parsed (`data ?? error`). */
function conforms(operationId: string, response: Response, body: unknown) {
  const problems = contract.validateResponse(operationId, { status: response.status, headers: response.headers, body });
  assert.deepEqual(problems, [], `${operationId} ${response.status} departs from the contract`);
}

describe('typed client against the mock', () => {
  it('POST /match with a token: 200 and a well-formed body', async () => {
    const client = createOmsimClient({ baseUrl: mock.baseUrl, token: 'omsim_anything' });
    const { data, error, response } = await client.POST('/match', { body: { columns: ['Patient Age', 'Sex', 'Weight'] } });
    assert.equal(error, undefined);
    assert.equal(response.status, 200);
    assert.deepEqual(data!.matches.map((m) => m.best?.code), ['30525-0', '76689-9', '29463-7']);
    assert.equal(client.rateLimit?.limit, 600);
    conforms('matchColumns', response, data);
  });

  it('without a token: 401 with the bearer challenge and a problem document', async () => {
    const saved = process.env.OMSIM_TOKEN;
    delete process.env.OMSIM_TOKEN;
    try {
      const client = createOmsimClient({ baseUrl: mock.baseUrl });
      const { error, response } = await client.GET('/me');
      assert.equal(response.status, 401);
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer realm="omsim"/);
      assert.equal(error?.status, 401);
      conforms('getMe', response, error);
    } finally {
      if (saved !== undefined) process.env.OMSIM_TOKEN = saved;
    }
  });

  it('takes the token from OMSIM_TOKEN', async () => {
    process.env.OMSIM_TOKEN = 'omsim_from_env';
    try {
      const { response } = await createOmsimClient({ baseUrl: mock.baseUrl }).GET('/me');
      assert.equal(response.status, 200);
    } finally {
      delete process.env.OMSIM_TOKEN;
    }
  });

  const cases: [string, number, string][] = [
    ['code=400', 400, 'invalid_request'],
    ['code=403', 403, 'insufficient_role'],
    ['code=429', 429, 'quota_exceeded'],
    ['code=413', 413, 'payload_too_large'],
    ['code=415', 415, 'unsupported_media_type'],
    ['code=500', 500, 'internal_error'],
    ['code=429, example=tooManyFailedAttempts', 429, 'too_many_failed_attempts'],
  ];
  for (const [prefer, status, code] of cases) {
    it(`Prefer: ${prefer} → ${status} ${code}, with the declared headers`, async () => {
      const client = createOmsimClient({ baseUrl: mock.baseUrl, token: 'omsim_anything', retry: false, headers: { Prefer: prefer } });
      const { error, response } = await client.POST('/match', { body: { columns: ['Sex'] } });
      assert.equal(response.status, status);
      assert.equal(error?.code, code);
      assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
      if (status === 429) assert.match(response.headers.get('retry-after') ?? '', /^\d+$/);
      if (status === 400) assert.ok((error as { errors?: unknown[] }).errors?.length);
      conforms('matchColumns', response, error);
    });
  }

  it('retries a 429 after Retry-After when asked, and gives up after the bound', async () => {
    const calls: number[] = [];
    const client = createOmsimClient({
      baseUrl: mock.baseUrl,
      token: 'omsim_anything',
      headers: { Prefer: 'code=429' },
      retry: { retries: 2, maxWaitSeconds: 60 },
      // Shorten the wait the mock's example asks for (42 s) so the test runs fast.
      fetch: async (req) => {
        calls.push(Date.now());
        const res = await fetch(req);
        const headers = new Headers(res.headers);
        headers.set('Retry-After', '0');
        return new Response(res.body, { status: res.status, headers });
      },
    });
    const { response } = await client.POST('/match', { body: { columns: ['Sex'] } });
    assert.equal(response.status, 429);
    assert.equal(calls.length, 3, 'one try and two retries');
    assert.equal(client.rateLimit?.retryAfterSeconds, 0);
  });

  it('does not retry a 429 whose Retry-After exceeds maxWaitSeconds', async () => {
    let calls = 0;
    const client = createOmsimClient({
      baseUrl: mock.baseUrl,
      token: 'omsim_anything',
      headers: { Prefer: 'code=429' },
      retry: { retries: 3, maxWaitSeconds: 5 },
      fetch: (req) => (calls++, fetch(req)),
    });
    const { response } = await client.POST('/match', { body: { columns: ['Sex'] } });
    assert.equal(response.status, 429);
    assert.equal(calls, 1);
  });

  it('never exposes the token on the client object', () => {
    const client = createOmsimClient({ baseUrl: mock.baseUrl, token: 'omsim_secret_value_should_not_show' });
    assert.doesNotMatch(JSON.stringify(client), /secret_value/);
    assert.doesNotMatch(String(Object.values(client)), /secret_value/);
  });
});
