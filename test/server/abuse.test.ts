/**
 * Abuse limits: slow clients, oversized input, token guessing from one address,
 * and secrets that must never come back.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { call } from '../support/http.js';
import { startServer, type TestServer } from '../support/omsim-server.js';

let server: TestServer;
let token: string;
const port = () => Number(new URL(server.baseUrl).port);

before(async () => {
  server = await startServer({ OMSIM_HEADERS_TIMEOUT_MS: '1000', OMSIM_REQUEST_TIMEOUT_MS: '2000', OMSIM_TRUST_PROXY: 'loopback', OMSIM_AUTH_FAILURES: '10/60s' });
  token = server.mint({ name: 'abuse', role: 'admin' }).secret;
});
after(() => server?.stop());

/** Sends raw bytes, then more every `everyMs`; resolves with what the server sent when it closes. */
function trickle(first: string, more: string, everyMs: number, giveUpMs: number): Promise<{ reply: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port(), '127.0.0.1');
    let reply = '';
    const timer = setInterval(() => socket.writable && socket.write(more), everyMs);
    const done = (closed: boolean) => {
      clearInterval(timer);
      clearTimeout(limit);
      socket.destroy();
      resolve({ reply, closed });
    };
    const limit = setTimeout(() => done(false), giveUpMs);
    socket.on('data', (d) => (reply += d));
    socket.on('close', () => done(true));
    socket.on('error', () => undefined);
    socket.write(first);
  });
}

describe('slow clients', () => {
  it('a client trickling its headers is cut off after the headers timeout', async () => {
    const r = await trickle('GET /me HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: 1\r\n', 200, 15_000);
    assert.ok(r.closed, 'the server closed the connection');
    assert.match(r.reply, /^HTTP\/1\.1 408/);
  });
  it('a client trickling its body is cut off after the request timeout', async () => {
    const head = `POST /match HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"columns":["`;
    const r = await trickle(head, 'a', 200, 15_000);
    assert.ok(r.closed, 'the server closed the connection');
  });
});

describe('resource limits', () => {
  const cases: [string, () => Parameters<typeof call>, number][] = [
    ['a 1 MB body → 413', () => [server.baseUrl, 'POST', '/match', { token, rawBody: JSON.stringify({ columns: ['x'.repeat(1_000_000)] }), headers: { 'Content-Type': 'application/json' } }], 413],
    ['10,000 columns → 400', () => [server.baseUrl, 'POST', '/match', { token, body: { columns: Array.from({ length: 10_000 }, (_, i) => `c${i}`) } }], 400],
    ['a 200,000-character column → 400', () => [server.baseUrl, 'POST', '/match', { token, body: { columns: ['y'.repeat(200_000)] } }], 400],
  ];
  for (const [what, args, status] of cases) {
    it(what, async () => {
      const r = await call(...args());
      assert.equal(r.status, status);
      assert.match(r.headers.get('content-type')!, /problem\+json/);
    });
  }
  it('100 KB of headers → 431', async () => {
    const r = await trickle(`GET /me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'h'.repeat(100 * 1024)}\r\n\r\n`, '', 1_000, 10_000);
    assert.match(r.reply, /^HTTP\/1\.1 431/);
  });
  it('memory stays flat over 60 oversized requests', async () => {
    const big = JSON.stringify({ columns: ['z'.repeat(1_000_000)] });
    const send = () => call(server.baseUrl, 'POST', '/match', { token, rawBody: big, headers: { 'Content-Type': 'application/json' } });
    for (let i = 0; i < 10; i++) await send();
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 60; i++) assert.equal((await send()).status, 413);
    globalThis.gc?.();
    const grown = (process.memoryUsage().rss - before) / 2 ** 20;
    assert.ok(grown < 64, `RSS grew ${grown.toFixed(1)} MiB over 60 requests of 1 MB`);
  });
});

describe('token guessing', () => {
  it('a burst of unknown tokens from one address → 401 then 429, other clients unaffected', async () => {
    const guesser = { 'X-Forwarded-For': '203.0.113.7' };
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      statuses.push((await call(server.baseUrl, 'GET', '/me', { token: `omsim_${String(i).padStart(43, 'g')}`, headers: guesser })).status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(401), 429, 429, 429, 429]);
    // Even the right token is refused from the blocked address: guessing gains nothing.
    assert.equal((await call(server.baseUrl, 'GET', '/me', { token, headers: guesser })).status, 429);
    const other = { 'X-Forwarded-For': '198.51.100.20' };
    assert.equal((await call(server.baseUrl, 'GET', '/me', { token: `omsim_${'o'.repeat(43)}`, headers: other })).status, 401);
    assert.equal((await call(server.baseUrl, 'GET', '/me', { token, headers: other })).status, 200);
  });
});

describe('no secret leaks', () => {
  it('secrets appear in no error body, no audit row, no log line', async () => {
    const victim = server.mint({ name: 'victim', role: 'user' }).secret;
    const bodies: string[] = [];
    const ip = { 'X-Forwarded-For': '192.0.2.55' };
    bodies.push((await call(server.baseUrl, 'GET', '/me', { token: victim + 'x', headers: ip })).text);
    bodies.push((await call(server.baseUrl, 'GET', '/me', { headers: { Authorization: `Basic ${victim}`, ...ip } })).text);
    bodies.push((await call(server.baseUrl, 'GET', '/tokens', { token: victim, headers: ip })).text);
    bodies.push((await call(server.baseUrl, 'GET', `/tokens/${victim}`, { token, headers: ip })).text);
    bodies.push((await call(server.baseUrl, 'GET', `/audit?cursor=${victim}`, { token, headers: ip })).text);
    bodies.push((await call(server.baseUrl, 'GET', '/audit?limit=100', { token, headers: ip })).text);
    await new Promise((r) => setTimeout(r, 50));
    for (const text of [...bodies, server.logs.join('')]) {
      assert.ok(!text.includes(victim) && !text.includes(victim.slice(6)) && !text.includes(token), text.slice(0, 300));
      assert.doesNotMatch(text, /\bat \S+ \(|node_modules|SELECT |SQLITE/);
    }
  });
});
