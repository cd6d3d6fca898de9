/**
 * The typed OMSIM client: openapi-fetch over the types generated from openapi.yaml.
 *
 * ```ts
 * const omsim = createOmsimClient({ baseUrl: 'http://127.0.0.1:4010' }); // token from OMSIM_TOKEN
 * const { data, error } = await omsim.POST('/match', { body: { columns: ['Sex'] } });
 * ```
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from '../generated/openapi.js';
import { readRateLimit, type RateLimitState } from './rate-limit-state.js';
import { defaultRetry, retryingFetch, type RetryOptions } from './retrying-fetch.js';

export type { paths, components } from '../generated/openapi.js';
export type { RateLimitState } from './rate-limit-state.js';
export type { RetryOptions } from './retrying-fetch.js';

/** An RFC 9457 problem document, as every OMSIM error body is. */
export type Problem = components['schemas']['Problem'] & { errors?: components['schemas']['InvalidParam'][] };

export interface OmsimClientOptions {
  /** The server: `https://api.omsim.org`, `http://localhost:8080`, or the mock `http://127.0.0.1:4010`. */
  baseUrl: string;
  /** The bearer token. Defaults to the `OMSIM_TOKEN` environment variable. */
  token?: string;
  /** Retrying of 429 answers; `false` turns it off. */
  retry?: Partial<RetryOptions> | false;
  /** A fetch implementation (defaults to the global one). */
  fetch?: (input: Request) => Promise<Response>;
  /** Extra headers on every request (`Prefer` against the mock, say). */
  headers?: Record<string, string>;
}

export type OmsimClient = Client<paths> & {
  /** The rate-limit state of the last response that reported one. */
  readonly rateLimit: RateLimitState | undefined;
};

export function createOmsimClient(options: OmsimClientOptions): OmsimClient {
  // The token lives in this closure only, never on the client object, so that
  // logging or inspecting the client cannot print it.
  const token = options.token ?? process.env.OMSIM_TOKEN;
  const retry = options.retry === false ? { ...defaultRetry, retries: 0 } : { ...defaultRetry, ...options.retry };
  let rateLimit: RateLimitState | undefined;

  const inner = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: options.headers,
    fetch: retryingFetch(inner, retry, (response) => {
      rateLimit = readRateLimit(response.headers) ?? rateLimit;
    }),
  });
  if (token) {
    client.use({
      onRequest({ request }) {
        request.headers.set('Authorization', `Bearer ${token}`);
        return request;
      },
    });
  }
  return Object.defineProperty(client, 'rateLimit', { get: () => rateLimit, enumerable: true }) as OmsimClient;
}
