// TempAuth v1 against a real all-in-one Swift 2.30: credentials from the environment, a cached
// token renewed after Swift forgets it, a rotated key, a wrong key, and no secret in any message
// or log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwiftClient, swiftAuthFromEnvironment } from '../../../src/backup/swift/index.js';
import { type Swift, startSwift } from '../../support/swift.js';
import { capturingLogger, collect, rejection } from './support.js';

const mainKey = 'k3y-main-6f1d2a';
const otherKey = 'k3y-other-9c4e7b';
const readerKey = 'k3y-reader-3d2c1f';

describe('SwiftClient with TempAuth (real Swift)', () => {
  let swift: Swift;
  const { logger, lines } = capturingLogger();
  const tokens: string[] = [];

  /** Fails when a message or any log line holds a key or a token Swift issued. */
  const expectNoSecret = (text: string) => {
    for (const secret of [mainKey, otherKey, readerKey, 'rotated-k3y-5a8b', ...tokens])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/AUTH_tk[0-9a-f]{8,}/);
  };

  beforeAll(async () => {
    swift = await startSwift({
      users: [
        { user: 'test:tester', key: mainKey },
        { user: 'test2:tester2', key: otherKey },
        { user: 'test:reader', key: readerKey, admin: false },
      ],
    });
  });

  afterAll(async () => {
    expectNoSecret(lines.join('\n'));
    await swift?.stop();
  });

  it('authenticates with ST_AUTH, ST_USER and ST_KEY from the environment', async () => {
    const client = new SwiftClient({ auth: swiftAuthFromEnvironment(swift.env()), logger });
    await client.ensureContainer('env');
    await client.putObject('env', 'hello', Buffer.from('hello\n'));
    expect((await swift.cli(['download', 'env', 'hello', '--output', '-'])).stdout).toBe('hello\n');
  });

  it('authenticates again when Swift no longer knows its token (401), and goes on', async () => {
    const client = new SwiftClient({ auth: swiftAuthFromEnvironment(swift.env()), logger });
    await client.ensureContainer('renewal');
    await client.putObject('renewal', 'before', Buffer.from('before'));
    const tokenBefore = await swift.token();
    tokens.push(tokenBefore);

    await swift.invalidateTokens();
    // Every token issued before, the client's among them, is dead now.
    const dead = await fetch(`${swift.storageUrl}/renewal`, {
      method: 'HEAD',
      headers: { 'x-auth-token': tokenBefore },
    });
    expect(dead.status).toBe(401);

    await client.putObject('renewal', 'after', Buffer.from('after'));
    expect((await collect((await client.getObject('renewal', 'before')).body)).toString()).toBe('before');
    expect((await swift.cli(['list', 'renewal'])).stdout.trim().split('\n')).toEqual(['after', 'before']);
  });

  it('a rotated key: the client holding the old key fails with SWIFT_AUTH_FAILED, without the key', async () => {
    const oldKeyClient = new SwiftClient({
      auth: { kind: 'tempauth', authUrl: swift.authUrl, user: swift.otherUser, key: otherKey },
      logger,
    });
    await oldKeyClient.ensureContainer('rotation');
    await swift.setKey(swift.otherUser, 'rotated-k3y-5a8b');

    const failure = await rejection(oldKeyClient.headObject('rotation', 'anything'));
    expect(failure.code).toBe('SWIFT_AUTH_FAILED');
    expect(failure.message).toBe(
      `Swift authentication at ${swift.authUrl} refused test2:tester2 (HTTP 401); check ST_USER and ST_KEY: ` +
        'the key or password may be wrong or rotated, or the user disabled',
    );
    expectNoSecret(failure.message);
    expectNoSecret(String(failure.stack));

    const newKeyClient = new SwiftClient({
      auth: { kind: 'tempauth', authUrl: swift.authUrl, user: swift.otherUser, key: 'rotated-k3y-5a8b' },
      logger,
    });
    expect(await newKeyClient.ensureContainer('rotation')).toBe(false);
  });

  it('a wrong key fails at once (no retries) with SWIFT_AUTH_FAILED naming the URL and user only', async () => {
    const retries: unknown[] = [];
    const client = new SwiftClient({
      auth: { kind: 'tempauth', authUrl: swift.authUrl, user: swift.user, key: 'wr0ng-k3y-d00d' },
      logger,
      onRetry: (event) => retries.push(event),
    });
    const failure = await rejection(client.ensureContainer('never'));
    expect(failure.code).toBe('SWIFT_AUTH_FAILED');
    expect(failure.message).toContain(`at ${swift.authUrl} refused test:tester (HTTP 401)`);
    expect(failure.message).not.toContain('wr0ng-k3y-d00d');
    expect(JSON.stringify(failure)).not.toContain('wr0ng-k3y-d00d');
    expect(lines.join('\n')).not.toContain('wr0ng-k3y-d00d');
    expect(retries).toEqual([]);
  });

  it('a user that may not create containers gets SWIFT_REQUEST_FAILED with the method, path and status', async () => {
    const client = new SwiftClient({
      auth: { kind: 'tempauth', authUrl: swift.authUrl, user: 'test:reader', key: readerKey },
      logger,
    });
    const failure = await rejection(client.ensureContainer('not-mine'));
    expect(failure.code).toBe('SWIFT_REQUEST_FAILED');
    expect(failure.message).toMatch(
      /^Swift request PUT not-mine failed with HTTP 403: .*test:reader may not do this \(not an admin of the account/,
    );
    expectNoSecret(failure.message);
    expect(failure.message).not.toContain(readerKey);
  });
});
