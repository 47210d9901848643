// A stand-in for OpenStack Keystone's v3 token API, on a free loopback port, for the Swift client's
// Keystone tests.
//
// What is real and what is stood in: Keystone cannot run on this machine (no package, no database),
// so this small node:http server answers `POST /v3/auth/tokens` as the Identity API v3 reference
// documents it: password authentication scoped to a project (user name + user domain, project name
// + project domain) and application credentials (id + secret); 201 with the token in
// `X-Subject-Token` and a body with `token.expires_at`, `issued_at` and a `catalog` whose
// `object-store` service lists endpoints by region and interface; 401 with Keystone's error body
// otherwise. The endpoints point at the real all-in-one Swift (test/support/swift.ts), and the
// token it issues is a real TempAuth token fetched from that Swift, so every storage request the
// client makes after authenticating is served and authorized by real Swift. Swift does not know of
// `expires_at`: expiry is the client's business, which is what the tests check.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { freePort } from './ports.js';

export interface KeystoneUser {
  name: string;
  /** Default `Default` (id `default`). */
  domain?: string;
  password: string;
  /** The project it may scope to. */
  project: string;
  /** Default `Default`. */
  projectDomain?: string;
}

export interface KeystoneEndpoint {
  region: string;
  interface: 'public' | 'internal' | 'admin';
  url: string;
}

export interface KeystoneOptions {
  users?: KeystoneUser[];
  applicationCredentials?: { id: string; secret: string }[];
  /** The object-store endpoints of the catalog. */
  endpoints: KeystoneEndpoint[];
  /** The token to hand out (e.g. a real TempAuth token of the Swift behind the endpoints). */
  issueToken: () => Promise<string>;
  /** Lifetime of the tokens issued; default one hour. */
  tokenLifetimeMs?: number;
}

/** One `POST /v3/auth/tokens` the stand-in received. */
export interface TokenRequest {
  path: string;
  body: unknown;
  /** 201 or 401 (or 400 for a body that is not JSON). */
  status: number;
  /** When the token issued expires (epoch ms). */
  expiresAt?: number;
}

export interface Keystone {
  /** `http://127.0.0.1:PORT` (no `/v3`). */
  readonly url: string;
  /** Every token request so far, oldest first. */
  readonly requests: readonly TokenRequest[];
  /** Tokens issued so far. */
  issued(): number;
  setTokenLifetime(ms: number): void;
  setEndpoints(endpoints: KeystoneEndpoint[]): void;
  stop(): Promise<void>;
}

/**
 * Starts the stand-in.
 *
 * @example
 * const keystone = await startKeystone({
 *   users: [{ name: 'backup', password: 'pw', project: 'ops' }],
 *   endpoints: [{ region: 'RegionOne', interface: 'public', url: swift.storageUrl }],
 *   issueToken: () => swift.token(),
 * });
 */
export async function startKeystone(options: KeystoneOptions): Promise<Keystone> {
  const requests: TokenRequest[] = [];
  let lifetimeMs = options.tokenLifetimeMs ?? 3_600_000;
  let endpoints = options.endpoints;
  const port = await freePort();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method !== 'POST' || path !== '/v3/auth/tokens') {
      send(res, 404, { error: { code: 404, title: 'Not Found', message: `no route ${req.method} ${path}` } });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      requests.push({ path, body: undefined, status: 400 });
      send(res, 400, { error: { code: 400, title: 'Bad Request', message: 'Expecting to find JSON' } });
      return;
    }
    const identity = accepted(body, options);
    if (identity === undefined) {
      requests.push({ path, body, status: 401 });
      send(res, 401, {
        error: {
          code: 401,
          title: 'Unauthorized',
          message: 'The request you have made requires authentication.',
        },
      });
      return;
    }
    const issuedAt = Date.now();
    const expiresAt = issuedAt + lifetimeMs;
    const token = await options.issueToken();
    requests.push({ path, body, status: 201, expiresAt });
    res.setHeader('x-subject-token', token);
    send(res, 201, {
      token: {
        methods: [identity.method],
        user: { id: randomUUID(), name: identity.user, domain: { id: 'default', name: 'Default' } },
        project: { id: randomUUID(), name: identity.project, domain: { id: 'default', name: 'Default' } },
        issued_at: keystoneTime(issuedAt),
        expires_at: keystoneTime(expiresAt),
        catalog: [
          {
            type: 'identity',
            name: 'keystone',
            id: randomUUID(),
            endpoints: [
              {
                id: randomUUID(),
                interface: 'public',
                region: 'RegionOne',
                region_id: 'RegionOne',
                url: `http://127.0.0.1:${port}/v3`,
              },
            ],
          },
          {
            type: 'object-store',
            name: 'swift',
            id: randomUUID(),
            endpoints: endpoints.map((e) => ({
              id: randomUUID(),
              interface: e.interface,
              region: e.region,
              region_id: e.region,
              url: e.url,
            })),
          },
        ],
      },
    });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      send(res, 500, { error: { code: 500, title: 'Internal Server Error', message: String(err) } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    issued: () => requests.filter((r) => r.status === 201).length,
    setTokenLifetime(ms) {
      lifetimeMs = ms;
    },
    setEndpoints(next) {
      endpoints = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Keystone writes times with microseconds: `2026-01-01T00:00:00.000000Z`. */
function keystoneTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

type Domain = { name?: string; id?: string } | undefined;

function sameDomain(given: Domain, expected: string): boolean {
  if (given === undefined) return false;
  if (given.id !== undefined) return given.id === (expected === 'Default' ? 'default' : expected);
  return given.name === expected;
}

/** Who the body authenticates, when its credentials are right; undefined otherwise. */
function accepted(
  body: unknown,
  options: KeystoneOptions,
): { method: string; user: string; project: string } | undefined {
  const auth = (body as { auth?: { identity?: Record<string, unknown>; scope?: Record<string, unknown> } })
    ?.auth;
  const methods = auth?.identity?.methods;
  if (!Array.isArray(methods) || methods.length !== 1) return undefined;
  if (methods[0] === 'application_credential') {
    const given = auth?.identity?.application_credential as { id?: string; secret?: string } | undefined;
    const found = (options.applicationCredentials ?? []).find(
      (c) => c.id === given?.id && c.secret === given?.secret,
    );
    return found === undefined
      ? undefined
      : { method: 'application_credential', user: found.id, project: 'app' };
  }
  if (methods[0] !== 'password') return undefined;
  const user = (auth?.identity?.password as { user?: { name?: string; domain?: Domain; password?: string } })
    ?.user;
  const project = (auth?.scope?.project ?? {}) as { name?: string; domain?: Domain };
  const found = (options.users ?? []).find(
    (u) =>
      u.name === user?.name &&
      u.password === user?.password &&
      sameDomain(user?.domain, u.domain ?? 'Default') &&
      u.project === project.name &&
      sameDomain(project.domain, u.projectDomain ?? 'Default'),
  );
  return found === undefined ? undefined : { method: 'password', user: found.name, project: found.project };
}
