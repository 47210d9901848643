// How the Swift client authenticates: TempAuth v1 or Keystone v3, as the settings a user gives.

/**
 * TempAuth v1 (or any v1 auth such as swauth): `GET authUrl` with `X-Auth-User` and `X-Auth-Key`.
 *
 * @example
 * const auth: TempAuthSettings = { kind: 'tempauth', authUrl: 'http://swift:8080/auth/v1.0', user: 'test:tester', key: 'testing' };
 */
export interface TempAuthSettings {
  kind: 'tempauth';
  /** `ST_AUTH`, e.g. `http://swift:8080/auth/v1.0`. */
  authUrl: string;
  /** `ST_USER`, `account:user`. */
  user: string;
  /** `ST_KEY`. A secret: never logged or shown. */
  key: string;
}

/** A domain or project named by name or by id (Keystone takes either). */
export type KeystoneName = { name: string } | { id: string };

/**
 * A Keystone v3 user with a password, scoped to a project.
 *
 * @example
 * const credential: KeystonePassword = {
 *   method: 'password', user: 'backup', userDomain: { name: 'Default' }, password: 's3cret',
 *   project: { name: 'ops' }, projectDomain: { name: 'Default' },
 * };
 */
export interface KeystonePassword {
  method: 'password';
  user: string;
  userDomain: KeystoneName;
  /** A secret: never logged or shown. */
  password: string;
  project: KeystoneName;
  /** Ignored when the project is given by id. */
  projectDomain: KeystoneName;
}

/**
 * A Keystone v3 application credential (already scoped to its project).
 *
 * @example
 * const credential: KeystoneApplicationCredential = { method: 'application_credential', id: '21dc...', secret: 's3cret' };
 */
export interface KeystoneApplicationCredential {
  method: 'application_credential';
  id: string;
  /** A secret: never logged or shown. */
  secret: string;
}

/** The endpoint interfaces a Keystone catalog lists. */
export type EndpointInterface = 'public' | 'internal' | 'admin';

/**
 * Keystone v3: `POST {authUrl}/auth/tokens`, then the object-store endpoint of the catalog.
 *
 * @example
 * const auth: KeystoneSettings = {
 *   kind: 'keystone', authUrl: 'https://keystone:5000/v3', interface: 'public', region: 'RegionOne',
 *   credential: { method: 'application_credential', id: '21dc...', secret: 's3cret' },
 * };
 */
export interface KeystoneSettings {
  kind: 'keystone';
  /** `OS_AUTH_URL`, with or without the trailing `/v3`. */
  authUrl: string;
  credential: KeystonePassword | KeystoneApplicationCredential;
  /** `OS_REGION_NAME`; without it, the first object-store endpoint of the interface. */
  region?: string;
  /** `OS_INTERFACE`; default `public`. */
  interface?: EndpointInterface;
}

/**
 * Either way of authenticating; `swiftAuthFromEnvironment` builds one from the usual variables.
 *
 * @example
 * const client = new SwiftClient({ auth: swiftAuthFromEnvironment(process.env) });
 */
export type SwiftAuth = TempAuthSettings | KeystoneSettings;

/**
 * Who is authenticating, for messages: the user or application credential id, never a secret.
 *
 * @example
 * describeSwiftUser({ kind: 'tempauth', authUrl: 'http://s/auth/v1.0', user: 'test:tester', key: 'k' }); // 'test:tester'
 */
export function describeSwiftUser(auth: SwiftAuth): string {
  if (auth.kind === 'tempauth') return auth.user;
  const credential = auth.credential;
  if (credential.method === 'application_credential') return `application credential ${credential.id}`;
  const domain = 'name' in credential.userDomain ? credential.userDomain.name : credential.userDomain.id;
  return `user ${credential.user} (domain ${domain})`;
}

/**
 * The secrets of a settings object, so a message or log line can be checked against them.
 *
 * @example
 * swiftAuthSecrets(auth).some((s) => message.includes(s)); // must be false
 */
export function swiftAuthSecrets(auth: SwiftAuth): string[] {
  if (auth.kind === 'tempauth') return [auth.key];
  return auth.credential.method === 'password' ? [auth.credential.password] : [auth.credential.secret];
}
