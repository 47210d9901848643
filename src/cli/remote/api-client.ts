// The CLI's client of the Setpoint HTTP API: one request function over node:http(s) with the API
// token as a Bearer, and typed errors carrying the API's own code and message.
import http from 'node:http';
import https from 'node:https';

/** Where every API route lives under the server URL. */
const API_PATH = '/api/v1';

/** How long one request may take before the command gives up. */
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * An error answer of the API (`{ error: { code, message, details? } }`), with its HTTP status.
 *
 * @example
 * if (err instanceof ApiAnswerError && err.code === 'KEY_CHANGED') console.error(err.details);
 */
export class ApiAnswerError extends Error {
  override readonly name = 'ApiAnswerError';
  constructor(
    /** The API's stable code, e.g. KEY_CHANGED, ACCESS_DENIED. */
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

/**
 * Codes of failures that happen before or around an answer: no answer, an unusable one, or no
 * server or token to ask with.
 */
export type ClientErrorCode =
  | 'SERVER_NOT_GIVEN'
  | 'SERVER_URL_INVALID'
  | 'SERVER_UNREACHABLE'
  | 'SERVER_CERTIFICATE_UNTRUSTED'
  | 'ANSWER_INVALID'
  | 'NOT_SIGNED_IN'
  | 'CACERT_UNREADABLE'
  | 'CREDENTIALS_UNREADABLE';

/**
 * A failure of the client side: the server could not be asked, or answered something unusable.
 *
 * @example
 * throw new ClientError('SERVER_UNREACHABLE', 'cannot reach http://127.0.0.1:8420: ECONNREFUSED');
 */
export class ClientError extends Error {
  override readonly name = 'ClientError';
  constructor(
    readonly code: ClientErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What one request sends besides its method and path. */
export interface RequestOptions {
  /** Query parameters; undefined ones are left out. */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as these bytes with this content type instead (an archive). */
  readonly rawBody?: { readonly bytes: Buffer; readonly contentType: string };
  readonly headers?: Readonly<Record<string, string>>;
  /** Send no token (signing in). */
  readonly anonymous?: boolean;
}

/** How a client reaches one server. */
export interface ApiClientOptions {
  /** The server URL, as `normalizeServerUrl` gives it. */
  readonly server: string;
  /** The API token (`spt_...`); requests that need one fail with NOT_SIGNED_IN without it. */
  readonly token?: string | undefined;
  /** PEM CA bundle the server's certificate must chain to (instead of the system's). */
  readonly ca?: Buffer | undefined;
}

/**
 * Turns what a user typed as `--server` into the URL credentials are saved under: an http(s) URL
 * without a trailing slash, query or fragment. Throws SERVER_URL_INVALID saying what to write.
 *
 * @example
 * normalizeServerUrl('https://setpoint.example:8420/'); // 'https://setpoint.example:8420'
 */
export function normalizeServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ClientError(
      'SERVER_URL_INVALID',
      `'${text}' is not a server URL; write it with its scheme, e.g. http://127.0.0.1:8420 or https://setpoint.example`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ClientError(
      'SERVER_URL_INVALID',
      `'${text}' is not an http:// or https:// URL; write the Setpoint server's address, e.g. https://setpoint.example`,
    );
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new ClientError(
      'SERVER_URL_INVALID',
      `'${text}' holds credentials, a query or a fragment; give only the server's address (sign in with 'setpoint login')`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Encodes a key or prefix for a URL path, one segment at a time ('/' stays, a trailing one too).
 *
 * @example
 * keyPath('hack/storage/'); // 'hack/storage/'
 * keyPath('hack/a b'); // 'hack/a%20b'
 */
export function keyPath(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/**
 * Calls the API of one server with one token.
 *
 * @example
 * const client = new ApiClient({ server: 'http://127.0.0.1:8420', token });
 * const view = await client.get<KeyView>(`/keys/${keyPath('hack/http/addr')}`);
 */
export class ApiClient {
  readonly server: string;
  readonly #token: string | undefined;
  readonly #ca: Buffer | undefined;

  constructor(options: ApiClientOptions) {
    this.server = options.server;
    this.#token = options.token;
    this.#ca = options.ca;
  }

  /** Whether requests carry a token. */
  get signedIn(): boolean {
    return this.#token !== undefined;
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }
  post<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }
  put<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PUT', path, { ...options, body });
  }
  patch<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PATCH', path, { ...options, body });
  }
  delete<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  /**
   * Sends one request to `API_PATH + path` and returns the parsed JSON answer (undefined for an
   * empty one). An error answer throws ApiAnswerError; no answer throws ClientError.
   */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (!options.anonymous) {
      if (this.#token === undefined) {
        throw new ClientError(
          'NOT_SIGNED_IN',
          `not signed in to ${this.server}: run 'setpoint login --server ${this.server} --user NAME', or set SETPOINT_TOKEN to an API token`,
        );
      }
      headers.authorization = `Bearer ${this.#token}`;
    }
    let body: Buffer | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody.bytes;
      headers['content-type'] = options.rawBody.contentType;
    } else if (options.body !== undefined) {
      body = Buffer.from(JSON.stringify(options.body), 'utf8');
      headers['content-type'] = 'application/json';
    }
    const target = new URL(`${this.server}${API_PATH}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) target.searchParams.set(name, String(value));
    }
    const answer = await this.#send(method, target, headers, body);
    const json = parseJson(answer.text, answer.contentType);
    if (answer.status >= 200 && answer.status < 300) {
      if (answer.text === '') return undefined as T;
      if (json === undefined) {
        throw new ClientError(
          'ANSWER_INVALID',
          `${this.server} answered ${method} ${path} with something other than JSON; is --server the Setpoint server?`,
        );
      }
      return json as T;
    }
    throw errorOfAnswer(answer.status, json, this.server);
  }

  #send(
    method: string,
    target: URL,
    headers: Record<string, string>,
    body: Buffer | undefined,
  ): Promise<{ status: number; contentType: string; text: string }> {
    const transport = target.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        target,
        {
          method,
          headers: body === undefined ? headers : { ...headers, 'content-length': String(body.length) },
          timeout: REQUEST_TIMEOUT_MS,
          ...(this.#ca !== undefined ? { ca: this.#ca } : {}),
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (err) => reject(this.#unreachable(err)));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              contentType: String(response.headers['content-type'] ?? ''),
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      request.on('timeout', () =>
        request.destroy(Object.assign(new Error('no answer in time'), { code: 'ETIMEDOUT' })),
      );
      request.on('error', (err) => reject(this.#unreachable(err)));
      request.end(body);
    });
  }

  #unreachable(err: Error): ClientError {
    const code = (err as NodeJS.ErrnoException).code ?? err.message;
    if (typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
      return new ClientError(
        'SERVER_CERTIFICATE_UNTRUSTED',
        `the certificate of ${this.server} is not trusted (${code}); pass the CA that issued it with --cacert FILE or SETPOINT_CACERT`,
      );
    }
    return new ClientError(
      'SERVER_UNREACHABLE',
      `cannot reach the Setpoint server at ${this.server} (${code}); is it running, and is the address right (--server, SETPOINT_SERVER)?`,
    );
  }
}

function parseJson(text: string, contentType: string): unknown {
  if (text === '' || !contentType.includes('json')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorOfAnswer(status: number, json: unknown, server: string): ApiAnswerError {
  const error = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
    ?.error;
  if (error !== undefined && typeof error.code === 'string' && typeof error.message === 'string') {
    const details =
      typeof error.details === 'object' && error.details !== null
        ? (error.details as Record<string, unknown>)
        : undefined;
    return new ApiAnswerError(error.code, status, error.message, details);
  }
  return new ApiAnswerError(
    `HTTP_${status}`,
    status,
    status === 404
      ? `${server} has no such API route (HTTP 404); is it a Setpoint server of this version?`
      : `${server} answered HTTP ${status} without an error body; is --server the Setpoint server, and not a proxy in front of it?`,
  );
}
