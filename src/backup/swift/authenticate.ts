// Turns Swift settings into a token and a storage URL: TempAuth v1 or Keystone v3.
import {
  describeSwiftUser,
  type KeystoneSettings,
  type SwiftAuth,
  swiftAuthSecrets,
  type TempAuthSettings,
} from './auth-settings.js';
import { SwiftAuthFailedError, SwiftRequestFailedError } from './errors.js';
import {
  type KeystoneCatalogService,
  keystoneTokenRequest,
  keystoneTokensUrl,
  selectObjectStoreEndpoint,
  tokenRenewAt,
} from './keystone.js';
import { sendWithRetry, summarizeBody, type TransportSettings } from './transport.js';

/** A token and where to use it. */
export interface SwiftSession {
  readonly token: string;
  /** `https://swift/v1/AUTH_project`, no trailing slash. */
  readonly storageUrl: string;
  /** Epoch ms after which a new token is fetched before any request; undefined: until Swift says 401. */
  readonly renewAt: number | undefined;
}

/**
 * Authenticates once (retrying transient failures as every request does).
 *
 * @example
 * const { token, storageUrl } = await authenticate(auth, transport);
 */
export function authenticate(auth: SwiftAuth, transport: TransportSettings): Promise<SwiftSession> {
  return auth.kind === 'tempauth'
    ? authenticateTempAuth(auth, transport)
    : authenticateKeystone(auth, transport);
}

async function authenticateTempAuth(
  auth: TempAuthSettings,
  transport: TransportSettings,
): Promise<SwiftSession> {
  const response = await sendWithRetry(
    { method: 'GET', url: auth.authUrl, headers: { 'x-auth-user': auth.user, 'x-auth-key': auth.key } },
    transport,
  );
  await refuseFailure(auth, auth.authUrl, response.status, () => response.text(300));
  await response.discard();
  const token = response.headers.get('x-auth-token');
  const storageUrl = response.headers.get('x-storage-url');
  if (token === null || storageUrl === null) {
    throw new SwiftRequestFailedError(
      'GET',
      auth.authUrl,
      response.status,
      'the answer has no X-Auth-Token or X-Storage-Url header; is ST_AUTH the TempAuth URL (…/auth/v1.0)?',
    );
  }
  // TempAuth says how many seconds the token has left; renew a little before.
  const expiresIn = Number(response.headers.get('x-auth-token-expires'));
  const renewAt =
    Number.isFinite(expiresIn) && expiresIn > 0
      ? Date.now() + expiresIn * 1000 - Math.min(60_000, expiresIn * 100)
      : undefined;
  return { token, storageUrl: storageUrl.replace(/\/+$/, ''), renewAt };
}

interface KeystoneTokenBody {
  token?: { expires_at?: string; issued_at?: string; catalog?: KeystoneCatalogService[] };
}

async function authenticateKeystone(
  auth: KeystoneSettings,
  transport: TransportSettings,
): Promise<SwiftSession> {
  const url = keystoneTokensUrl(auth.authUrl);
  const response = await sendWithRetry(
    {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(keystoneTokenRequest(auth)),
    },
    transport,
  );
  await refuseFailure(auth, url, response.status, () => response.text(300));
  const token = response.headers.get('x-subject-token');
  let body: KeystoneTokenBody;
  try {
    body = JSON.parse(await response.text()) as KeystoneTokenBody;
  } catch {
    body = {};
  }
  const catalog = body.token?.catalog;
  if (token === null || !Array.isArray(catalog)) {
    throw new SwiftRequestFailedError(
      'POST',
      url,
      response.status,
      'the answer has no X-Subject-Token header or no token catalog; is OS_AUTH_URL the Keystone v3 URL?',
    );
  }
  return {
    token,
    storageUrl: selectObjectStoreEndpoint(catalog, auth, url),
    renewAt: tokenRenewAt(body.token?.expires_at, body.token?.issued_at),
  };
}

async function refuseFailure(
  auth: SwiftAuth,
  url: string,
  status: number,
  readBody: () => Promise<string>,
): Promise<void> {
  if (status >= 200 && status < 300) return;
  const user = describeSwiftUser(auth);
  if (status === 401 || status === 403) {
    const what = auth.kind === 'tempauth' ? 'ST_USER and ST_KEY' : 'the OS_* credentials';
    throw new SwiftAuthFailedError(
      url,
      user,
      status,
      `check ${what}: the key or password may be wrong or rotated, or the user disabled`,
    );
  }
  let detail = summarizeBody(await readBody().catch(() => ''));
  // A validation error may quote the request it refused; the request held the secret.
  for (const secret of swiftAuthSecrets(auth))
    if (secret !== '') detail = detail.replaceAll(secret, '[secret]');
  const where = auth.kind === 'tempauth' ? 'ST_AUTH' : 'OS_AUTH_URL';
  throw new SwiftRequestFailedError(
    auth.kind === 'tempauth' ? 'GET' : 'POST',
    url,
    status,
    `authenticating ${user}${detail ? ` (${detail})` : ''}; check that ${where} is right`,
  );
}
