// `setpoint keys add / ls / use / rm` against the embedded store, run as a user runs them.
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runSetpointText } from '../support/cli.js';
import { tempFolder } from '../support/ports.js';
import { type StoreUnderTest, startStore } from '../support/stores.js';

let folder: { path: string; remove: () => Promise<void> };
let store: StoreUnderTest;
let etcd: Etcd3;

beforeAll(async () => {
  folder = await tempFolder('cli-recipients');
  store = await startStore('setpoint');
  etcd = new Etcd3({ hosts: store.endpoint });
  for (const name of ['alpha', 'beta']) {
    expect(setpoint(['keys', 'generate', name, '--bits', '2048']).status).toBe(0);
  }
});
afterAll(async () => {
  etcd?.close();
  await store?.destroy();
  await folder?.remove();
});

function setpoint(args: string[], input?: string) {
  return runSetpointText(args, { cwd: folder.path, input });
}

/** `setpoint` with the store's endpoint. */
function keys(...args: string[]) {
  return setpoint(['keys', ...args, '--endpoints', store.endpoint]);
}

const reserved = () => etcd.getAll().prefix('_setpoint/').strings();

interface ListedKey {
  name: string;
  type: string;
  keyId: string;
  publicKey: string;
  directories: string[];
}

describe('keys add, ls, use, rm', () => {
  test('a key is registered, listed with the directories using it, and removed once none does', async () => {
    const added = keys('add', 'alpha', 'alpha.pub', '--json');
    expect(added.status, added.stderr).toBe(0);
    const record = JSON.parse(added.stdout) as { name: string; type: string; bits: number; added: boolean };
    expect(record).toMatchObject({ name: 'alpha', type: 'rsa', bits: 2048, added: true });
    expect(keys('add', 'beta', 'beta.pub').stdout).toMatch(/added key beta \(rsa 2048, key id /);
    // The same key under the same name again changes nothing.
    expect(keys('add', 'alpha', 'alpha.pub').stdout).toMatch(/already registered/);

    const stored = JSON.parse((await etcd.get('_setpoint/keys/alpha').string())!) as Record<string, unknown>;
    expect(stored).toMatchObject({ name: 'alpha', type: 'rsa' });
    expect(stored.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(typeof stored.addedAt).toBe('string');

    const used = keys('use', 'team-a', 'alpha', 'beta', '--json');
    expect(used.status, used.stderr).toBe(0);
    expect(JSON.parse(used.stdout)).toMatchObject({ directory: 'team-a', recipients: ['alpha', 'beta'] });
    expect(JSON.parse((await etcd.get('_setpoint/directories/team-a').string())!)).toEqual({
      recipients: ['alpha', 'beta'],
    });

    const listed = JSON.parse(keys('ls', '--json').stdout) as ListedKey[];
    expect(listed.map((k) => [k.name, k.directories])).toEqual([
      ['alpha', ['team-a']],
      ['beta', ['team-a']],
    ]);
    const table = keys('ls');
    expect(table.stdout).toMatch(/^NAME\s+TYPE\s+KEY ID\s+ADDED\s+DIRECTORIES$/m);
    expect(table.stdout).toMatch(/^alpha\s+rsa 2048\s+\S{43}\s+\S+\s+team-a$/m);

    // In use: refused, naming the directory, and nothing changes.
    const before = await reserved();
    const refused = keys('rm', 'alpha');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("cannot remove key 'alpha'");
    expect(refused.stderr).toContain("'team-a'");
    expect(refused.stderr).toContain('setpoint keys use');
    expect(await reserved()).toEqual(before);

    // Unused after `keys use` names others: removed.
    expect(keys('use', 'team-a', 'beta').status).toBe(0);
    const removed = keys('rm', 'alpha');
    expect(removed.status, removed.stderr).toBe(0);
    expect(await etcd.get('_setpoint/keys/alpha').string()).toBeNull();
    expect((JSON.parse(keys('ls', '--json').stdout) as ListedKey[]).map((k) => k.name)).toEqual(['beta']);
  });

  test('keys use keeps the fields of the directory record it does not know', async () => {
    await etcd.put('_setpoint/directories/kept').value(JSON.stringify({ description: 'd', recipients: [] }));
    expect(keys('use', 'kept', 'beta').status).toBe(0);
    expect(JSON.parse((await etcd.get('_setpoint/directories/kept').string())!)).toEqual({
      description: 'd',
      recipients: ['beta'],
    });
  });

  test('refusals write nothing', async () => {
    const before = await reserved();

    const unknown = keys('use', 'team-b', 'beta', 'nobody', 'ghost');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("'nobody', 'ghost'");
    expect(unknown.stderr).toContain('setpoint keys add');

    const badName = keys('add', 'team a', 'alpha.pub');
    expect(badName.status).toBe(2);
    expect(badName.stderr).toContain('invalid recipient name "team a"');

    const otherKey = keys('add', 'beta', 'alpha.pub');
    expect(otherKey.status).toBe(1);
    expect(otherKey.stderr).toMatch(/'beta'.*already registered for another public key/);

    const sameKey = keys('add', 'beta-copy', 'beta.pub');
    expect(sameKey.status).toBe(1);
    expect(sameKey.stderr).toMatch(/already registered as 'beta'/);

    const privateKey = keys('add', 'gamma', 'alpha');
    expect(privateKey.status).toBe(1);
    expect(privateKey.stderr).toContain('private key');

    const badDirectory = keys('use', '_setpoint', 'beta');
    expect(badDirectory.status).toBe(2);
    expect(badDirectory.stderr).toContain('reserved');

    const missing = keys('rm', 'nobody');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("'nobody'");

    const usage = keys('use', 'team-b');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('missing required argument');

    expect(await reserved()).toEqual(before);
  });
});
