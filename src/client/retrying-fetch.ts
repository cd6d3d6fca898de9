/** How the client retries a 429 (quota exceeded). */
export interface RetryOptions {
  /** Retries after the first attempt; 0 turns retrying off. Default 2. */
  retries: number;
  /** A 429 asking to wait longer than this is returned, not retried. Default 30. */
  maxWaitSeconds: number;
}

export const defaultRetry: RetryOptions = { retries: 2, maxWaitSeconds: 30 };

type Fetch = (input: Request) => Promise<Response>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Wraps `fetch` so that a 429 is retried after its `Retry-After` (RFC 9110 §10.2.3,
 * delay-seconds form), a bounded number of times. Any other status is returned as is.
 */
export function retryingFetch(inner: Fetch, options: RetryOptions, onResponse: (r: Response) => void): Fetch {
  return async (request) => {
    for (let attempt = 0; ; attempt++) {
      // A body can be read once: keep a copy for the next attempt.
      const spare = attempt < options.retries ? request.clone() : undefined;
      const response = await inner(request);
      onResponse(response);
      if (response.status !== 429 || spare === undefined) return response;
      const wait = Number(response.headers.get('Retry-After') ?? 'NaN');
      if (!Number.isInteger(wait) || wait < 0 || wait > options.maxWaitSeconds) return response;
      await response.body?.cancel();
      await sleep(wait * 1000);
      request = spare;
    }
  };
}
