// The all-in-one Swift the backup and demo tests use: TempAuth users with their own accounts, its
// own swift.conf (not /etc/swift's), key rotation that ends old tokens, and a clean stop.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Swift, startSwift } from '../support/swift.js';

describe('all-in-one Swift (test/support/swift.ts)', () => {
  let swift: Swift;

  beforeAll(async () => {
    swift = await startSwift();
  });

  afterAll(async () => {
    await swift?.stop();
  });

  it('gives each TempAuth user a token for its own account, and refuses a wrong key', async () => {
    expect(swift.authUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth\/v1\.0$/);
    expect(swift.storageUrl).toBe(`${swift.proxyUrl}/v1/AUTH_test`);
    expect(swift.otherStorageUrl).toBe(`${swift.proxyUrl}/v1/AUTH_test2`);
    const token = await swift.token();
    const own = await fetch(swift.storageUrl, { method: 'HEAD', headers: { 'x-auth-token': token } });
    // 200 for an account TempAuth has just created (account_autocreate), 204 later.
    expect([200, 204]).toContain(own.status);
    const other = await fetch(swift.otherStorageUrl, { method: 'HEAD', headers: { 'x-auth-token': token } });
    expect(other.status).toBe(403);
    await expect(swift.token({ user: swift.user, key: 'wrong' })).rejects.toThrow(/refused test:tester: 401/);
  });

  it('hashes object paths with the prefix and suffix of its own swift.conf, not /etc/swift/swift.conf', async () => {
    const file = join(swift.folder, 'probe.txt');
    await writeFile(file, 'probe\n');
    await swift.cli(['upload', 'hashes', file, '--object-name', 'probe']);
    expect((await swift.cli(['download', 'hashes', 'probe', '--output', '-'])).stdout).toBe('probe\n');

    const conf = await readFile(join(swift.folder, 'swift.conf'), 'utf8');
    const setting = (name: string) => new RegExp(`^${name} = (\\S+)$`, 'm').exec(conf)?.[1] ?? '';
    const hash = createHash('md5')
      .update(
        `${setting('swift_hash_path_prefix')}/AUTH_test/hashes/probe${setting('swift_hash_path_suffix')}`,
      )
      .digest('hex');
    // Swift keeps an object at objects/PARTITION/SUFFIX/HASH/, SUFFIX being the hash's last 3 digits.
    const objects = join(swift.folder, 'devices/d1/objects');
    const found = (await readdir(objects)).filter((p) => existsSync(join(objects, p, hash.slice(-3), hash)));
    expect(found).toHaveLength(1);
  });

  it('setKey(): the old key and every token issued before stop working, the new key works', async () => {
    const user = swift.otherUser;
    const oldToken = await swift.token({ user, key: swift.otherKey });
    await swift.setKey(user, 'rotated');
    expect(swift.otherKey).toBe('rotated');
    const withOldToken = await fetch(swift.otherStorageUrl, {
      method: 'HEAD',
      headers: { 'x-auth-token': oldToken },
    });
    expect(withOldToken.status).toBe(401);
    await expect(swift.token({ user, key: 'testing2' })).rejects.toThrow(/401/);
    const newToken = await swift.token({ user, key: 'rotated' });
    const withNewToken = await fetch(swift.otherStorageUrl, {
      method: 'HEAD',
      headers: { 'x-auth-token': newToken },
    });
    expect([200, 204]).toContain(withNewToken.status);
  });

  it('stop() ends every server and removes its folder (last: the other tests share this Swift)', async () => {
    await swift.stop();
    expect(existsSync(swift.folder)).toBe(false);
    await expect(fetch(`${swift.proxyUrl}/healthcheck`)).rejects.toThrow();
    expect(swift.output()).not.toMatch(/Traceback/);
  });
});
