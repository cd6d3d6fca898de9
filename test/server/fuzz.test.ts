/**
 * Contract-driven fuzzing (fast-check): for every operation of openapi.yaml,
 * requests generated from its schemas — valid ones, and invalid ones mutated from
 * them (wrong types, missing and extra fields, empty and huge strings, deep
 * nesting, control characters, numbers at and past the bounds, wrong or missing
 * content types, duplicate headers, malformed, unknown, expired and revoked
 * tokens, a user token on admin operations). Every response must be a status the
 * contract documents for the operation, never a 5xx, with body and headers valid
 * against the contract. FUZZ_RUNS=N for more cases (default 1000); a failure
 * prints its seed and shrunk request, replayed with FUZZ_SEED=seed FUZZ_PATH=path.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { after, before, it } from 'node:test';
import type { Operation } from '../../src/contract/contract.js';
import { ContractValidator } from '../support/contract-validator.js';
import { startServer, type TestServer } from '../support/omsim-server.js';
import { arbitraryFor, resolveRef } from '../support/schema-arbitrary.js';

const runs = Number(process.env.FUZZ_RUNS ?? 1000);
const contract = new ContractValidator();
const doc = contract.doc;
let server: TestServer;
const tokens: Record<string, string> = {};
export const figures = { cases: 0, byStatus: new Map<number, number>() };

before(async () => {
  server = await startServer({ OMSIM_AUTH_FAILURES: '1000000/60s', OMSIM_QUOTA_ADMIN: '1000000/60s', OMSIM_QUOTA_USER: '1000000/60s', OMSIM_LOG_LEVEL: 'warn' });
  tokens.admin = server.mint({ name: 'fuzz-admin', role: 'admin' }).secret;
  tokens.user = server.mint({ name: 'fuzz-user', role: 'user' }).secret;
  const revoked = server.mint({ name: 'fuzz-revoked', role: 'admin' });
  server.omsim.tokens.revoke(revoked.id);
  tokens.revoked = revoked.secret;
  tokens.expired = server.mint({ name: 'fuzz-expired', role: 'admin', expiresAt: new Date(Date.now() + 50).toISOString() }).secret;
  for (let i = 0; i < 30; i++) targets.push(server.mint({ name: `fuzz-target-${i}`, role: 'user' }).id);
  await new Promise((r) => setTimeout(r, 100));
});
after(() => server?.stop());

interface FuzzRequest {
  operationId: string;
  method: string;
  path: string;
  headers: [string, string][];
  body?: string;
}

const parameters = (op: Operation) => {
  const item = doc.paths[op.path];
  return [...(item.parameters ?? []), ...(item[op.method].parameters ?? [])].map((p: any) => resolveRef(doc, p));
};

const hugeString = fc.constantFrom('x'.repeat(10_000), 'é'.repeat(5_000), '\u0000\u0001\u001f\u007f', '\u202e\ud83d\ude00', '');
const deepNesting = fc.integer({ min: 50, max: 2_000 }).map((n) => '['.repeat(n) + ']'.repeat(n));
const tokenKinds = fc.oneof(
  { weight: 12, arbitrary: fc.constant('admin') },
  { weight: 1, arbitrary: fc.constantFrom('user', 'revoked', 'expired', 'none', 'malformed', 'unknown', 'basic', 'duplicate') },
);
/** Ids of real tokens, so that revoke, rotate and get can succeed. */
const targets: string[] = [];

/** Mutates a valid JSON value into something the contract forbids (or, sometimes, allows). */
const mutateBody = (value: unknown): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 10, arbitrary: fc.constant(JSON.stringify(value)) },
    fc.anything().map((v) => JSON.stringify(v) ?? 'null'),
    hugeString.map((s) => JSON.stringify({ ...(value as object), columns: [s] })),
    fc.string().map((k) => JSON.stringify({ ...(value as object), [k || 'extra']: 1 })),
    fc.constant(JSON.stringify(Object.fromEntries(Object.entries(value as object).slice(1)))),
    fc.constantFrom(-1, 0, 0.5, 1, 10, 11, 501, 1e308, -0).map((n) => JSON.stringify({ ...(value as object), limit: n, threshold: n })),
    deepNesting.map((s) => `{"columns": ${s}}`),
    fc.constantFrom('{"columns": [}', '', 'null', '[]', '{"columns": ["a"]', '\u0000'),
    fc.constant(undefined),
  );

function requestFor(op: Operation): fc.Arbitrary<FuzzRequest> {
  const params = parameters(op);
  // Path parameters are never empty: `/tokens/` is another resource, not this operation with no id.
  const pathArbs = Object.fromEntries(
    params.filter((p) => p.in === 'path').map((p) => [p.name, fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...targets) }, arbitraryFor(doc, p.schema), fc.string({ minLength: 1 }).filter((x) => x !== '.' && x !== '..'), fc.constantFrom('%00', '%ff', ' ', 'tok_', 'tok_' + 'f'.repeat(16)))]),
  );
  const queryArbs = Object.fromEntries(
    params.filter((p) => p.in === 'query').map((p) => [p.name, fc.oneof({ weight: 4, arbitrary: arbitraryFor(doc, p.schema).map(String) }, fc.string(), fc.constantFrom('-1', '0', '101', '1e3', 'abc'))]),
  );
  const media = doc.paths[op.path][op.method].requestBody?.content?.['application/json'];
  const bodyArb = media ? arbitraryFor(doc, media.schema).chain(mutateBody) : fc.constant(undefined);
  const contentType = media
    ? fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
        { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', '') },
      )
    : fc.constant('');
  return fc
    .record({
      path: fc.record(pathArbs),
      query: fc.record(queryArbs, { requiredKeys: [] }),
      extraQuery: fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), fc.string()), { freq: 12 }),
      body: bodyArb,
      contentType,
      token: tokenKinds,
      bigHeader: fc.option(fc.integer({ min: 1, max: 8_000 }), { freq: 8 }),
    })
    .map(({ path, query, extraQuery, body, contentType, token, bigHeader }) => {
      let url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String((path as Record<string, unknown>)[name])));
      const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
      if (extraQuery) search.append(...extraQuery);
      if ([...search].length) url += `?${search}`;
      const headers: [string, string][] = [];
      const secret = tokens[token];
      if (secret) headers.push(['Authorization', `Bearer ${secret}`]);
      if (token === 'malformed') headers.push(['Authorization', 'Bearer not a token']);
      if (token === 'unknown') headers.push(['Authorization', `Bearer omsim_${'Q'.repeat(43)}`]);
      if (token === 'basic') headers.push(['Authorization', 'Basic YTpi']);
      if (token === 'duplicate') headers.push(['Authorization', `Bearer ${tokens.admin}`], ['Authorization', `Bearer ${tokens.user}`]);
      if (body !== undefined && contentType) headers.push(['Content-Type', contentType]);
      if (bigHeader) headers.push(['X-Padding', 'p'.repeat(bigHeader)]);
      return { operationId: op.operationId, method: op.method.toUpperCase(), path: url, headers, body };
    });
}

it(`fuzzes every operation from the contract (${runs} cases)`, { timeout: 600_000 }, async () => {
  const arb = fc.oneof(...contract.operations.map(requestFor));
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  await fc.assert(
    fc.asyncProperty(arb, async (req) => {
      const headers = new Headers();
      for (const [k, v] of req.headers) headers.append(k, v);
      const res = await fetch(server.baseUrl + req.path, { method: req.method, headers, body: req.body });
      const text = await res.text();
      figures.cases++;
      figures.byStatus.set(res.status, (figures.byStatus.get(res.status) ?? 0) + 1);
      assert.ok(res.status < 500, `${res.status}: ${text.slice(0, 300)}`);
      let body: unknown;
      if (text) body = JSON.parse(text);
      const problems = contract.validateResponse(req.operationId, { status: res.status, headers: res.headers, body });
      assert.deepEqual(problems, [], `${res.status} ${text.slice(0, 300)}`);
      // Only issuing and rotating answer with a secret; nothing else may echo one.
      if (req.operationId !== 'createToken' && req.operationId !== 'rotateToken') assert.doesNotMatch(text, /omsim_[A-Za-z0-9_-]{43}/);
    }),
    { numRuns: runs, seed, path: process.env.FUZZ_PATH, endOnFailure: false },
  );
  const statuses = [...figures.byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
  console.log(`fuzz: ${figures.cases} requests; statuses ${statuses}`);
  // The generator must reach success and every kind of refusal, or it tests little.
  for (const status of [200, 201, 204, 400, 401, 403, 404, 415]) assert.ok(figures.byStatus.has(status), `no ${status} reached`);
});
