/**
 * Lyceum's TypeScript SDK: types generated from openapi/lyceum.json (`src/schema.d.ts`, openapi-typescript)
 * and calls through openapi-fetch, under a thin hand-written layer:
 * - the bearer token on every call (a session token or an API key);
 * - an `Idempotency-Key` on every POST (a fresh UUID unless you set one), so a retried POST never acts twice;
 * - 429 (and 503 with `Retry-After`) retried after `Retry-After`, up to `maxRetries` times;
 * - `unwrap()` returns the body or throws `LyceumError` with the problem+json body;
 * - `paginate()` iterates over every item of a list, following `next_cursor`.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";

import type { components, paths } from "./schema";

export type { components, paths };
export type Problem = components["schemas"]["Problem"];

export class LyceumError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
  ) {
    super(`${status} ${problem.code ?? "error"}: ${problem.detail ?? ""}`);
    this.name = "LyceumError";
  }

  get code(): string | undefined {
    return this.problem.code;
  }
}

export interface LyceumOptions {
  baseUrl: string;
  /** A session token (`lys_...`) or an API key (`lyc_...`); without one only public operations work. */
  token?: string;
  maxRetries?: number;
  /** The longest wait for one `Retry-After`, in seconds. */
  maxRetryWait?: number;
  fetch?: typeof globalThis.fetch;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `fetch` that waits out 429 (and 503 with `Retry-After`) and sends the same request again. */
export function retryingFetch(
  inner: typeof globalThis.fetch,
  maxRetries: number,
  maxRetryWait: number,
): (input: Request) => Promise<Response> {
  return async (input: Request) => {
    for (let attempt = 0; ; attempt++) {
      const response = await inner(input.clone());
      const retryAfter = response.headers.get("Retry-After");
      const retryable = response.status === 429 || (response.status === 503 && retryAfter !== null);
      if (!retryable || attempt >= maxRetries) {
        return response;
      }
      await response.body?.cancel();
      const seconds = Number(retryAfter ?? "1");
      await sleep(Math.min(Number.isFinite(seconds) ? Math.max(seconds, 0) : 1, maxRetryWait) * 1000);
    }
  };
}

/** A client for every operation of the spec: `lyceum.POST("/v1/courses", { body })`. */
export function createLyceum(options: LyceumOptions): Client<paths> {
  const inner = options.fetch ?? globalThis.fetch;
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    fetch: retryingFetch(inner, options.maxRetries ?? 3, options.maxRetryWait ?? 30),
  });
  const auth: Middleware = {
    onRequest({ request }) {
      if (options.token) {
        request.headers.set("Authorization", `Bearer ${options.token}`);
      }
      if (request.method === "POST" && !request.headers.has("Idempotency-Key")) {
        request.headers.set("Idempotency-Key", crypto.randomUUID());
      }
      return request;
    },
  };
  client.use(auth);
  return client;
}

/** The body of a successful call; a 4xx/5xx answer throws `LyceumError`. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok || result.data === undefined) {
    throw new LyceumError(result.response.status, (result.error ?? {}) as Partial<Problem>);
  }
  return result.data;
}

/** Every item of a list operation, page after page: `paginate((cursor) => lyceum.GET("/v1/courses", ...))`. */
export async function* paginate<T>(
  page: (cursor: string | undefined) => Promise<{
    data?: { items: T[]; next_cursor?: string | null };
    error?: unknown;
    response: Response;
  }>,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  for (;;) {
    const body = unwrap(await page(cursor));
    yield* body.items;
    if (!body.next_cursor) {
      return;
    }
    cursor = body.next_cursor;
  }
}
