// Keystone v3 authentication. What is real: the all-in-one Swift 2.30 every storage request goes
// to, and the TempAuth token it accepts. What is stood in: Keystone itself (it cannot run here),
// by test/support/keystone.ts, which speaks the documented v3 token API (password and application
// credential methods, X-Subject-Token, expires_at, a catalog with object-store endpoints by region
// and interface) and hands out a real TempAuth token of that Swift as the Keystone token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwiftClient, swiftAuthFromEnvironment } from '../../../src/backup/swift/index.js';
import { type Keystone, type KeystoneEndpoint, startKeystone } from '../../support/keystone.js';
import { type Swift, startSwift } from '../../support/swift.js';
import { waitFor } from '../../support/wait.js';
import { capturingLogger, collect, rejection } from './support.js';

const password = 'pa55-w0rd-keystone-71';
const appSecret = 'app-cr3d-s3cret-42';

describe('SwiftClient with Keystone v3 (stand-in Keystone, real Swift)', () => {
  let swift: Swift;
  let keystone: Keystone;
  const { logger, lines } = capturingLogger();
  const tokens: string[] = [];

  /** Only RegionOne/public reaches the user's account; the others point at an account it may not use (403). */
  const endpoints = (): KeystoneEndpoint[] => [
    { region: 'RegionOne', interface: 'public', url: swift.storageUrl },
    { region: 'RegionOne', interface: 'internal', url: swift.otherStorageUrl },
    { region: 'RegionTwo', interface: 'public', url: swift.otherStorageUrl },
    { region: 'RegionTwo', interface: 'internal', url: swift.otherStorageUrl },
  ];

  const passwordEnv = (overrides: Record<string, string> = {}) => ({
    OS_AUTH_URL: `${keystone.url}/v3`,
    OS_USERNAME: 'backup',
    OS_PASSWORD: password,
    OS_PROJECT_NAME: 'ops',
    OS_REGION_NAME: 'RegionOne',
    ...overrides,
  });

  const expectNoSecret = (text: string) => {
    for (const secret of [password, appSecret, 'wr0ng-pa55', ...tokens]) expect(text).not.toContain(secret);
  };

  beforeAll(async () => {
    swift = await startSwift();
    keystone = await startKeystone({
      users: [{ name: 'backup', password, project: 'ops' }],
      applicationCredentials: [{ id: 'app-cred-1', secret: appSecret }],
      endpoints: endpoints(),
      issueToken: async () => {
        const token = await swift.token();
        tokens.push(token);
        return token;
      },
    });
  });

  afterAll(async () => {
    expectNoSecret(lines.join('\n'));
    await keystone?.stop();
    await swift?.stop();
  });

  it('password method: user and project in the Default domain, token cached across requests', async () => {
    const client = new SwiftClient({ auth: swiftAuthFromEnvironment(passwordEnv()), logger });
    const before = keystone.issued();
    await client.ensureContainer('keystone');
    await client.putObject('keystone', 'hello', Buffer.from('hello\n'));
    expect((await collect((await client.getObject('keystone', 'hello')).body)).toString()).toBe('hello\n');
    expect((await swift.cli(['download', 'keystone', 'hello', '--output', '-'])).stdout).toBe('hello\n');
    expect(keystone.issued()).toBe(before + 1);
    expect(keystone.requests.at(-1)?.body).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'backup', domain: { name: 'Default' }, password } },
        },
        scope: { project: { name: 'ops', domain: { name: 'Default' } } },
      },
    });
  });

  it('application credential, with OS_AUTH_URL lacking /v3', async () => {
    const client = new SwiftClient({
      auth: swiftAuthFromEnvironment({
        OS_AUTH_URL: keystone.url,
        OS_APPLICATION_CREDENTIAL_ID: 'app-cred-1',
        OS_APPLICATION_CREDENTIAL_SECRET: appSecret,
      }),
      logger,
    });
    await client.ensureContainer('keystone');
    await client.putObject('keystone', 'by-app', Buffer.from('app'));
    expect(keystone.requests.at(-1)).toMatchObject({
      path: '/v3/auth/tokens',
      status: 201,
      body: { auth: { identity: { methods: ['application_credential'] } } },
    });
  });

  it('chooses the object-store endpoint by OS_REGION_NAME and OS_INTERFACE', async () => {
    // Swap the catalog so that only RegionTwo/internal reaches the user's own account.
    keystone.setEndpoints([
      { region: 'RegionOne', interface: 'public', url: swift.otherStorageUrl },
      { region: 'RegionOne', interface: 'internal', url: swift.otherStorageUrl },
      { region: 'RegionTwo', interface: 'public', url: swift.otherStorageUrl },
      { region: 'RegionTwo', interface: 'internal', url: swift.storageUrl },
    ]);
    try {
      const right = new SwiftClient({
        auth: swiftAuthFromEnvironment(
          passwordEnv({ OS_REGION_NAME: 'RegionTwo', OS_INTERFACE: 'internal' }),
        ),
        logger,
      });
      await right.ensureContainer('regions');
      expect((await swift.cli(['list'])).stdout.split('\n')).toContain('regions');

      for (const env of [
        passwordEnv({ OS_REGION_NAME: 'RegionTwo' }),
        passwordEnv({ OS_REGION_NAME: 'RegionOne', OS_INTERFACE: 'internal' }),
      ]) {
        const wrong = new SwiftClient({ auth: swiftAuthFromEnvironment(env), logger });
        const failure = await rejection(wrong.ensureContainer('regions'));
        expect(failure.code).toBe('SWIFT_REQUEST_FAILED');
        expect(failure.message).toMatch(/HTTP 403/);
      }

      const nowhere = new SwiftClient({
        auth: swiftAuthFromEnvironment(passwordEnv({ OS_REGION_NAME: 'RegionThree' })),
        logger,
      });
      const failure = await rejection(nowhere.ensureContainer('regions'));
      expect(failure.code).toBe('SWIFT_ENDPOINT_NOT_FOUND');
      expect(failure.message).toContain(
        "no object-store endpoint for region 'RegionThree' and interface 'public'; it offers RegionOne/public, " +
          'RegionOne/internal, RegionTwo/public, RegionTwo/internal',
      );
    } finally {
      keystone.setEndpoints(endpoints());
    }
  });

  it('a wrong password fails with SWIFT_AUTH_FAILED naming the URL and user, never the password', async () => {
    const client = new SwiftClient({
      auth: swiftAuthFromEnvironment(passwordEnv({ OS_PASSWORD: 'wr0ng-pa55' })),
      logger,
    });
    const failure = await rejection(client.ensureContainer('keystone'));
    expect(failure.code).toBe('SWIFT_AUTH_FAILED');
    expect(failure.message).toBe(
      `Swift authentication at ${keystone.url}/v3/auth/tokens refused user backup (domain Default) (HTTP 401); ` +
        'check the OS_* credentials: the key or password may be wrong or rotated, or the user disabled',
    );
    expectNoSecret(failure.message);
    expectNoSecret(String(failure.stack));

    const wrongSecret = new SwiftClient({
      auth: {
        kind: 'keystone',
        authUrl: keystone.url,
        credential: { method: 'application_credential', id: 'app-cred-1', secret: 'wr0ng-pa55' },
      },
      logger,
    });
    const appFailure = await rejection(wrongSecret.ensureContainer('keystone'));
    expect(appFailure.code).toBe('SWIFT_AUTH_FAILED');
    expect(appFailure.message).toContain('refused application credential app-cred-1 (HTTP 401)');
    expectNoSecret(appFailure.message);
  });

  it('asks for a new token when the one it holds has expired (expires_at)', async () => {
    keystone.setTokenLifetime(1_500);
    try {
      const client = new SwiftClient({ auth: swiftAuthFromEnvironment(passwordEnv()), logger });
      await client.ensureContainer('keystone');
      const issuedBefore = keystone.issued();
      const expiresAt = keystone.requests.at(-1)?.expiresAt ?? 0;
      expect(expiresAt).toBeGreaterThan(0);
      await waitFor(() => Date.now() > expiresAt, { what: 'the first token to expire' });

      await client.putObject('keystone', 'after-expiry', Buffer.from('x'));
      expect(keystone.issued()).toBeGreaterThan(issuedBefore);
    } finally {
      keystone.setTokenLifetime(3_600_000);
    }
  });

  it('asks Keystone for a new token when Swift answers 401 to one that has not expired, and goes on', async () => {
    const client = new SwiftClient({ auth: swiftAuthFromEnvironment(passwordEnv()), logger });
    await client.ensureContainer('keystone');
    await client.putObject('keystone', 'before-401', Buffer.from('before'));
    const issuedBefore = keystone.issued();
    const held = tokens.at(-1)!;

    await swift.invalidateTokens();
    const dead = await fetch(`${swift.storageUrl}/keystone`, {
      method: 'HEAD',
      headers: { 'x-auth-token': held },
    });
    expect(dead.status).toBe(401);

    await client.putObject('keystone', 'after-401', Buffer.from('after'));
    expect(keystone.issued()).toBe(issuedBefore + 1);
    expect(keystone.requests.at(-1)?.status).toBe(201);
    expect((await collect((await client.getObject('keystone', 'before-401')).body)).toString()).toBe(
      'before',
    );
    expect((await swift.cli(['list', 'keystone'])).stdout.split('\n')).toEqual(
      expect.arrayContaining(['after-401', 'before-401']),
    );
  });
});
