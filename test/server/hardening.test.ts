/** Bad input gets a problem document with the right status, never a 500 or a stack trace. */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import helmet from 'helmet';
import { call } from '../support/http.js';
import { startServer, type TestServer } from '../support/omsim-server.js';

let server: TestServer;
let token: string;

before(async () => {
  server = await startServer();
  token = server.mint({ name: 'h', role: 'admin' }).secret;
});
after(() => server?.stop());

describe('hardening', () => {
  const cases: [string, () => Promise<{ status: number; body: any; text: string; headers: Headers }>, number, string][] = [
    ['malformed JSON', () => call(server.baseUrl, 'POST', '/match', { token, rawBody: '{"columns": [}', headers: { 'Content-Type': 'application/json' } }), 400, 'invalid_request'],
    ['a text/plain body', () => call(server.baseUrl, 'POST', '/match', { token, rawBody: 'Sex', headers: { 'Content-Type': 'text/plain' } }), 415, 'unsupported_media_type'],
    ['a body over the limit', () => call(server.baseUrl, 'POST', '/match', { token, rawBody: JSON.stringify({ columns: ['x'.repeat(300_000)] }), headers: { 'Content-Type': 'application/json' } }), 413, 'payload_too_large'],
    ['too many columns', () => call(server.baseUrl, 'POST', '/match', { token, body: { columns: Array(501).fill('a') } }), 400, 'invalid_request'],
    ['a 201-character column', () => call(server.baseUrl, 'POST', '/match', { token, body: { columns: ['a'.repeat(201)] } }), 400, 'invalid_request'],
    ['an unknown field', () => call(server.baseUrl, 'POST', '/match', { token, body: { columns: ['a'], extra: 1 } }), 400, 'invalid_request'],
    ['a wrong type', () => call(server.baseUrl, 'POST', '/match', { token, body: { columns: 'Sex' } }), 400, 'invalid_request'],
    ['limit out of range', () => call(server.baseUrl, 'POST', '/match', { token, body: { columns: ['a'], limit: 11 } }), 400, 'invalid_request'],
    ['a bad query parameter', () => call(server.baseUrl, 'GET', '/tokens?limit=abc', { token }), 400, 'invalid_request'],
    ['an unknown query parameter', () => call(server.baseUrl, 'GET', '/tokens?foo=1', { token }), 400, 'invalid_request'],
    ['no body at all', () => call(server.baseUrl, 'POST', '/match', { token }), 400, 'invalid_request'],
    ['a path parameter that is not valid percent-encoding', () => call(server.baseUrl, 'GET', '/tokens/tok_%E0%A4%A', { token }), 400, 'invalid_request'],
    ['an empty path id', () => call(server.baseUrl, 'POST', '/tokens//rotate', { token }), 400, 'invalid_request'],
    ['a repeated scalar query parameter', () => call(server.baseUrl, 'GET', '/tokens?limit=1&limit=2', { token }), 400, 'invalid_request'],
    ['an unknown path', () => call(server.baseUrl, 'GET', '/nope', { token }), 404, 'not_found'],
    ['a wrong method', () => call(server.baseUrl, 'PUT', '/match', { token }), 405, 'method_not_allowed'],
  ];
  for (const [what, send, status, code] of cases) {
    it(`${what} → ${status} ${code}`, async () => {
      const r = await send();
      assert.equal(r.status, status, r.text);
      assert.match(r.headers.get('content-type')!, /^application\/problem\+json/);
      assert.equal(r.body.code, code);
      assert.equal(r.body.status, status);
      assert.match(r.body.instance, /^urn:omsim:request:/);
      assert.ok(r.headers.get('x-request-id'));
      assert.doesNotMatch(r.text, /\bat \w+ \(|node_modules|\/work\/|SQLITE/);
    });
  }

  it('a 400 names the missing body, unknown fields and query parameters where they are', async () => {
    const cases: [() => ReturnType<typeof call>, [string, string, RegExp][]][] = [
      [() => call(server.baseUrl, 'POST', '/match', { token }), [['body', '', /required/]]],
      [() => call(server.baseUrl, 'POST', '/match', { token, body: { extra: 1 } }), [['body', '/columns', /required/], ['body', '/extra', /not a property/]]],
      [() => call(server.baseUrl, 'GET', '/tokens?foo=1&limit=0', { token }), [['query', 'foo', /not a parameter/], ['query', 'limit', />= 1/]]],
    ];
    for (const [send, expected] of cases) {
      const r = await send();
      assert.equal(r.status, 400, r.text);
      const got = r.body.errors.map((e: any) => [e.location, e.path, e.message]).sort();
      assert.equal(got.length, expected.length, r.text);
      expected.sort().forEach(([location, path, message], i) => {
        assert.deepEqual(got[i].slice(0, 2), [location, path]);
        assert.match(got[i][2], message);
      });
    }
  });

  it('query defaults from the contract apply (limit 50 on GET /tokens)', async () => {
    for (let i = 0; i < 55; i++) server.mint({ name: `d${i}`, role: 'user' });
    const r = await call(server.baseUrl, 'GET', '/tokens', { token });
    assert.equal(r.status, 200);
    assert.equal(r.body.items.length, 50);
    assert.ok(r.body.nextCursor);
  });

  it('a 400 lists what was invalid, with JSON pointers', async () => {
    const r = await call(server.baseUrl, 'POST', '/match', { token, body: { columns: [''], limit: 0 } });
    assert.deepEqual(
      r.body.errors.map((e: any) => [e.location, e.path]).sort(),
      [['body', '/columns/0'], ['body', '/limit']],
    );
  });

  it('sends helmet security headers and an X-Request-Id, echoing a safe one', async () => {
    const r = await call(server.baseUrl, 'GET', '/me', { token, headers: { 'X-Request-Id': 'trace-123' } });
    assert.equal(r.headers.get('x-request-id'), 'trace-123');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    const unsafe = await call(server.baseUrl, 'GET', '/me', { token, headers: { 'X-Request-Id': 'bad id\twith spaces' } });
    assert.notEqual(unsafe.headers.get('x-request-id'), 'bad id\twith spaces');
  });

  it('sends exactly the security headers helmet sends from a plain Express app', async () => {
    const plain = express();
    plain.use(helmet());
    plain.get('/', (_req, res) => void res.json({}));
    const listener = plain.listen(0, '127.0.0.1');
    await once(listener, 'listening');
    try {
      const reference = await fetch(`http://127.0.0.1:${(listener.address() as AddressInfo).port}/`);
      await reference.arrayBuffer();
      const general = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'etag', 'x-powered-by']);
      const expected = [...reference.headers].filter(([name]) => !general.has(name));
      assert.ok(expected.length >= 10, `helmet sent ${expected.length} headers`);
      const r = await call(server.baseUrl, 'GET', '/me', { token });
      for (const [name, value] of expected) assert.equal(r.headers.get(name), value, name);
      const failed = await call(server.baseUrl, 'GET', '/me');
      for (const [name, value] of expected) assert.equal(failed.headers.get(name), value, `${name} on a 401`);
    } finally {
      listener.close();
    }
  });

  it('duplicate columns, unicode and digits-only headers are answered in order', async () => {
    const columns = ['Sex', 'Sex', '体重', '12345', '---', 'Ωmega'];
    const r = await call(server.baseUrl, 'POST', '/match', { token, body: { columns } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.matches.map((m: any) => m.column), columns);
    assert.deepEqual(r.body.matches[0], r.body.matches[1]);
    assert.equal(r.body.matches[3].best, null);
    assert.equal(r.body.matches[4].best, null);
  });

  it('logs carry no secret and no Authorization header', async () => {
    await call(server.baseUrl, 'GET', '/me', { token });
    await call(server.baseUrl, 'GET', '/me', { token: token.slice(0, -1) + 'x' });
    await new Promise((r) => setTimeout(r, 50));
    const logs = server.logs.join('');
    assert.ok(logs.length > 0);
    assert.doesNotMatch(logs, /omsim_[A-Za-z0-9_-]{20,}/);
    assert.doesNotMatch(logs, /authorization/i);
  });
});

describe('production mode', () => {
  it('refuses plain HTTP, accepts HTTPS a trusted proxy reports', async () => {
    const prod = await startServer({ NODE_ENV: 'production', OMSIM_TRUST_PROXY: 'loopback' });
    try {
      const t = prod.mint({ name: 'p', role: 'user' }).secret;
      const plain = await call(prod.baseUrl, 'GET', '/me', { token: t });
      assert.equal(plain.status, 403);
      assert.equal(plain.body.code, 'https_required');
      const proxied = await call(prod.baseUrl, 'GET', '/me', { token: t, headers: { 'X-Forwarded-Proto': 'https' } });
      assert.equal(proxied.status, 200);
    } finally {
      await prod.stop();
    }
  });
});
