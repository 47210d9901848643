// Starts the HTTP API in this process over a real store (etcd or the embedded one) and gives tests
// a small client: requests as a user (by API token), users made with given grants.
import type { BackupServiceOptions } from '../../src/backup/backup-service.js';
import { connect, type EtcdClient } from '../../src/etcd/index.js';
import { createLogger, type Logger } from '../../src/log/logger.js';
import {
  createToken,
  createUser,
  ensureAdmin,
  type Grant,
  type LoginLimiter,
} from '../../src/server/auth/index.js';
import { type ApiServer, startApiServer } from '../../src/server/http/server.js';
import { type StoreKind, type StoreUnderTest, startStore } from './stores.js';

export const ADMIN_PASSWORD = 'admin password for tests';
/** Fast scrypt for the users tests make (the real cost is tested in the auth suite). */
const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

/**
 * One answer: status, headers, the body parsed as JSON when it is JSON, else its text.
 *
 * @example
 * const { status, body } = await api.as(token).get('/api/v1/keys/hack/x');
 */
// biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and assert on their fields
type Loose = any;

export interface Answer<T = Loose> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Send the body as this exact text (malformed JSON tests). */
  readonly rawBody?: string;
}

/** Requests with one identity (an API token, a cookie session, or nobody). */
export interface Caller {
  request<T = Loose>(method: string, path: string, options?: RequestOptions): Promise<Answer<T>>;
  get<T = Loose>(path: string, options?: RequestOptions): Promise<Answer<T>>;
  post<T = Loose>(path: string, body?: unknown, options?: RequestOptions): Promise<Answer<T>>;
  put<T = Loose>(path: string, body?: unknown, options?: RequestOptions): Promise<Answer<T>>;
  patch<T = Loose>(path: string, body?: unknown, options?: RequestOptions): Promise<Answer<T>>;
  delete<T = Loose>(path: string, options?: RequestOptions): Promise<Answer<T>>;
}

export interface ApiUnderTest {
  readonly kind: StoreKind;
  readonly store: StoreUnderTest;
  readonly client: EtcdClient;
  readonly server: ApiServer;
  readonly url: string;
  /** Calls with an API token of `admin`. */
  readonly admin: Caller;
  /** The Authorization header value `admin` calls with, for raw requests. */
  readonly adminAuthorization: string;
  /** Calls without credentials. */
  readonly anonymous: Caller;
  /** Calls with this token. */
  as(token: string): Caller;
  /** Makes user `name` with `grants` and returns a caller holding an API token of theirs. */
  user(name: string, grants: readonly Grant[]): Promise<Caller>;
  stop(): Promise<void>;
}

/** What a test may change about the API it starts; everything else is as `serve` has it. */
export interface StartApiOptions {
  /** The login rate limiter (e.g. one with a clock the test moves). */
  readonly loginLimiter?: LoginLimiter;
  /** The server's logger (e.g. one writing to a stream the test reads). */
  readonly logger?: Logger;
  /** The backups serve would run with (the backup routes answer BACKUPS_OFF without them). */
  readonly backups?: BackupServiceOptions;
}

export async function startApi(kind: StoreKind, options: StartApiOptions = {}): Promise<ApiUnderTest> {
  const store = await startStore(kind);
  const client = await connect({ endpoints: store.endpoint });
  await ensureAdmin(client, { password: ADMIN_PASSWORD, scrypt: FAST_SCRYPT });
  const server = await startApiServer(client, {
    listen: '127.0.0.1:0',
    logger: options.logger ?? createLogger('api-test'),
    version: 'test',
    ...(options.loginLimiter !== undefined ? { loginLimiter: options.loginLimiter } : {}),
    ...(options.backups !== undefined ? { backups: options.backups } : {}),
  });
  const as = (token: string | undefined): Caller => caller(server.url, token);
  const adminToken = (await createToken(client, { owner: 'admin', name: 'tests' })).token;
  return {
    kind,
    store,
    client,
    server,
    url: server.url,
    admin: as(adminToken),
    adminAuthorization: `Bearer ${adminToken}`,
    anonymous: as(undefined),
    as,
    async user(name, grants) {
      await createUser(client, { name, password: `${name} password for tests`, grants, scrypt: FAST_SCRYPT });
      return as((await createToken(client, { owner: name, name: 'tests' })).token);
    },
    async stop() {
      await server.close();
      await client.close();
      await store.destroy();
    },
  };
}

/** A caller sending `Authorization: Bearer token` (none when undefined) and any extra headers. */
export function caller(
  baseUrl: string,
  token: string | undefined,
  extraHeaders: Record<string, string> = {},
): Caller {
  const request = async <T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<Answer<T>> => {
    const headers: Record<string, string> = { ...extraHeaders, ...options.headers };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text !== '')
      parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  };
  return {
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { ...options, body }),
    put: (path, body, options) => request('PUT', path, { ...options, body }),
    patch: (path, body, options) => request('PATCH', path, { ...options, body }),
    delete: (path, options) => request('DELETE', path, options),
  };
}

/** One etcd call a client made: its KV method and request. */
export interface EtcdCall {
  readonly method: 'range' | 'txn' | 'put' | 'deleteRange';
  readonly request: {
    key?: Buffer;
    range_end?: Buffer;
    success?: { request_range?: { key?: Buffer; range_end?: Buffer }; request_put?: { key?: Buffer } }[];
  };
}

/**
 * The KV calls `client` makes while `during` runs (the API server in this process shares it): the
 * calls go to etcd as ever, and are listed.
 *
 * @example
 * const calls = await etcdCallsDuring(api.client, () => api.admin.get('/api/v1/keys/hack/x'));
 * expect(calls.map((c) => c.method)).toEqual(['txn']);
 */
export async function etcdCallsDuring(
  client: EtcdClient,
  during: () => Promise<unknown>,
): Promise<EtcdCall[]> {
  const kv = client.etcd.kv as unknown as Record<
    EtcdCall['method'],
    (...args: unknown[]) => Promise<unknown>
  >;
  const calls: EtcdCall[] = [];
  const methods = ['range', 'txn', 'put', 'deleteRange'] as const;
  const originals = methods.map((method) => [method, kv[method]] as const);
  for (const [method, original] of originals) {
    kv[method] = (...args) => {
      calls.push({ method, request: args[0] as EtcdCall['request'] });
      return original.apply(client.etcd.kv, args);
    };
  }
  try {
    await during();
  } finally {
    for (const [method, original] of originals) kv[method] = original;
  }
  return calls;
}

/**
 * Whether an etcd call reads or writes `key` (itself, or in a transaction).
 *
 * @example
 * expect(calls.filter(touches('hack/x')).map((c) => c.method)).toEqual(['txn']);
 */
export function touches(key: string): (call: EtcdCall) => boolean {
  return (call) =>
    [call.request, ...(call.request.success ?? []).flatMap((op) => [op.request_range, op.request_put])].some(
      (r) => r?.key?.toString('utf8') === key,
    );
}
