// One HTTP exchange with Swift or its auth service over global fetch: timeouts, retries with
// backoff on transient failures, and bodies read as streams under an idle timeout.
import type { Logger } from '../../log/logger.js';
import {
  backoffDelayMs,
  connectionFailure,
  isRetryableStatus,
  parseRetryAfterMs,
  type SwiftRetryPolicy,
} from './backoff.js';
import { SwiftUnavailableError } from './errors.js';

/**
 * One retry the client is about to make, for progress reports and tests.
 *
 * @example
 * new SwiftClient({ auth, onRetry: (e) => console.error(`${e.method} ${e.url}: ${e.reason}, retrying`) });
 */
export interface SwiftRetryEvent {
  method: string;
  /** The URL without query secrets (Swift URLs carry none; the token travels in a header). */
  url: string;
  /** The attempt that failed, 1 for the first. */
  attempt: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  /** What went wrong: `HTTP 503`, `ECONNREFUSED`, ... */
  reason: string;
}

export interface TransportSettings {
  retry: SwiftRetryPolicy;
  requestTimeoutMs: number;
  logger: Logger;
  onRetry?: ((event: SwiftRetryEvent) => void) | undefined;
}

export interface SwiftHttpRequest {
  method: string;
  url: string;
  /** Header values; the token goes here and nowhere else. */
  headers?: Record<string, string>;
  /** Always in memory, so that every attempt can send it again. */
  body?: Buffer | string;
}

/** A response whose body is read, as a stream or whole, under the request's idle timeout. */
export interface SwiftHttpResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The body chunk by chunk; each chunk must come within the request timeout of the previous one. */
  chunks(): AsyncGenerator<Buffer>;
  text(limit?: number): Promise<string>;
  /** Drops the body without reading it (frees the connection). */
  discard(): Promise<void>;
}

class RequestTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * Sends a request, retrying connection failures, timeouts, 408, 429 and 5xx (not 501, 505, 507)
 * with backoff. Returns the first response with another status (2xx, 3xx, 4xx, 507, ...); throws
 * `SwiftUnavailableError` naming the attempts and the last cause when none comes.
 */
export async function sendWithRetry(
  request: SwiftHttpRequest,
  settings: TransportSettings,
): Promise<SwiftHttpResponse> {
  const { retry, logger } = settings;
  let lastCause = 'nothing';
  let lastError: unknown;
  for (let attempt = 1; ; attempt++) {
    let retryAfterMs: number | undefined;
    try {
      const response = await sendOnce(request, settings.requestTimeoutMs);
      if (!isRetryableStatus(response.status)) return response;
      const detail = await response.text(300).catch(() => '');
      lastCause = `HTTP ${response.status}${detail ? ` (${summarizeBody(detail)})` : ''}`;
      lastError = undefined;
      retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'));
    } catch (err) {
      const failure = connectionFailure(err);
      if (failure === undefined) throw err;
      lastCause = failure;
      lastError = err;
    }
    if (attempt >= retry.attempts) {
      throw new SwiftUnavailableError(request.method, request.url, attempt, lastCause, {
        ...(lastError === undefined ? {} : { cause: lastError }),
      });
    }
    const delayMs = backoffDelayMs(attempt - 1, retry, retryAfterMs);
    const event: SwiftRetryEvent = {
      method: request.method,
      url: request.url,
      attempt,
      delayMs,
      reason: lastCause,
    };
    logger.warn(event, 'Swift request failed, retrying');
    settings.onRetry?.(event);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}

/** Swift's error pages are short HTML; their text, on one line. */
export function summarizeBody(body: string): string {
  return body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

async function sendOnce(request: SwiftHttpRequest, timeoutMs: number): Promise<SwiftHttpResponse> {
  const controller = new AbortController();
  const timeout = () =>
    controller.abort(
      new RequestTimeoutError(`no answer from ${request.method} ${request.url} within ${timeoutMs} ms`),
    );
  let timer = setTimeout(timeout, timeoutMs);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers ?? {},
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: controller.signal,
      redirect: 'manual',
    });
  } catch (err) {
    // An abort rejects with the reason as is; everything else is a TypeError with a cause.
    throw controller.signal.aborted ? (controller.signal.reason ?? err) : err;
  } finally {
    clearTimeout(timer);
  }
  let consumed = false;
  const body = response.body;

  async function* chunks(): AsyncGenerator<Buffer> {
    if (consumed) throw new TypeError(`the body of ${request.method} ${request.url} was already read`);
    consumed = true;
    if (body === null) return;
    const reader = body.getReader();
    try {
      for (;;) {
        timer = setTimeout(timeout, timeoutMs);
        let next: Awaited<ReturnType<typeof reader.read>>;
        try {
          next = await reader.read();
        } catch (err) {
          throw controller.signal.aborted ? (controller.signal.reason ?? err) : err;
        } finally {
          clearTimeout(timer);
        }
        if (next.done) return;
        yield Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      }
    } finally {
      // Stopping early (break, an error downstream) must not leave the connection half-read.
      await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  }

  return {
    status: response.status,
    headers: response.headers,
    chunks,
    async text(limit = Number.POSITIVE_INFINITY) {
      const parts: Buffer[] = [];
      let size = 0;
      for await (const chunk of chunks()) {
        parts.push(chunk);
        size += chunk.length;
        if (size >= limit) break;
      }
      const all = Buffer.concat(parts).toString('utf8');
      return Number.isFinite(limit) ? all.slice(0, limit) : all;
    },
    async discard() {
      if (consumed || body === null) return;
      consumed = true;
      await body.cancel().catch(() => undefined);
    },
  };
}
