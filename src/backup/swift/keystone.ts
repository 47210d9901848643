// Keystone v3's token API as the Swift client needs it: the request body, the tokens URL, the
// object-store endpoint of the catalog and when to renew the token.
import type { EndpointInterface, KeystoneSettings } from './auth-settings.js';
import { SwiftEndpointNotFoundError } from './errors.js';

/**
 * `POST` goes here: `OS_AUTH_URL` with `/v3` added unless it already ends in it.
 *
 * @example
 * keystoneTokensUrl('https://keystone:5000');     // 'https://keystone:5000/v3/auth/tokens'
 * keystoneTokensUrl('https://keystone:5000/v3/'); // 'https://keystone:5000/v3/auth/tokens'
 */
export function keystoneTokensUrl(authUrl: string): string {
  const base = authUrl.replace(/\/+$/, '');
  return /\/v3$/.test(base) ? `${base}/auth/tokens` : `${base}/v3/auth/tokens`;
}

/**
 * The JSON body of `POST /v3/auth/tokens` (Identity API v3, "Password authentication with scoped
 * authorization" and "Authenticating with an Application Credential").
 *
 * @example
 * keystoneTokenRequest({ kind: 'keystone', authUrl, credential: { method: 'application_credential', id: 'a', secret: 's' } });
 * // { auth: { identity: { methods: ['application_credential'], application_credential: { id: 'a', secret: 's' } } } }
 */
export function keystoneTokenRequest(settings: KeystoneSettings): unknown {
  const credential = settings.credential;
  if (credential.method === 'application_credential') {
    return {
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: credential.id, secret: credential.secret },
        },
      },
    };
  }
  const project =
    'id' in credential.project
      ? { id: credential.project.id }
      : { name: credential.project.name, domain: credential.projectDomain };
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: { name: credential.user, domain: credential.userDomain, password: credential.password },
        },
      },
      scope: { project },
    },
  };
}

/** A service of the catalog in a token, as Keystone v3 returns it. */
export interface KeystoneCatalogService {
  type: string;
  name?: string;
  endpoints: { url: string; interface: string; region?: string | null; region_id?: string | null }[];
}

/**
 * The object-store endpoint for a region and interface. Without a region, the first endpoint of
 * the interface, as python-swiftclient picks it.
 *
 * @example
 * selectObjectStoreEndpoint(token.catalog, { region: 'RegionTwo', interface: 'internal' });
 */
export function selectObjectStoreEndpoint(
  catalog: readonly KeystoneCatalogService[],
  wanted: { region?: string | undefined; interface?: EndpointInterface | undefined },
  authUrl = 'Keystone',
): string {
  const endpointInterface = wanted.interface ?? 'public';
  const endpoints = catalog.filter((s) => s.type === 'object-store').flatMap((s) => s.endpoints ?? []);
  const found = endpoints.find(
    (e) =>
      e.interface === endpointInterface &&
      (wanted.region === undefined || e.region === wanted.region || e.region_id === wanted.region),
  );
  if (found !== undefined) return found.url.replace(/\/+$/, '');
  const offered = endpoints.map((e) => `${e.region ?? e.region_id ?? '(no region)'}/${e.interface}`);
  const region = wanted.region === undefined ? 'any region' : `region '${wanted.region}'`;
  throw new SwiftEndpointNotFoundError(
    `the catalog from ${authUrl} has no object-store endpoint for ${region} and interface ` +
      `'${endpointInterface}'; ${
        offered.length === 0
          ? 'it lists no object-store service at all: is Swift registered in this cloud, and may this project use it?'
          : `it offers ${offered.join(', ')}: set OS_REGION_NAME and OS_INTERFACE to one of them`
      }`,
  );
}

/**
 * When a Keystone token should be replaced: a tenth of its lifetime before it expires, at most
 * a minute before. Undefined when Keystone gave no usable expiry.
 *
 * @example
 * tokenRenewAt('2030-01-01T01:00:00.000000Z', '2030-01-01T00:00:00.000000Z'); // one minute before 01:00
 */
export function tokenRenewAt(
  expiresAt: string | undefined,
  issuedAt: string | undefined,
  now: number = Date.now(),
): number | undefined {
  const expires = expiresAt === undefined ? Number.NaN : Date.parse(expiresAt);
  if (Number.isNaN(expires)) return undefined;
  const issuedParsed = issuedAt === undefined ? Number.NaN : Date.parse(issuedAt);
  const issued = Number.isNaN(issuedParsed) ? Math.min(now, expires) : issuedParsed;
  return expires - Math.min(60_000, Math.max(0, (expires - issued) / 10));
}
