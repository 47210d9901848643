// `setpoint secrets rewrap` against the embedded store: the rotation story of issue 3, values the
// key cannot open, a rewrap racing a concurrent writer, and a scan of everything it printed.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  openText,
  type PrivateKey,
  type PublicKey,
  readPrivateKey,
  readPublicKey,
  recipientsOf,
  seal,
} from '../../src/crypto/index.js';
import { rewrapDirectory } from '../../src/crypto/rewrap/index.js';
import { connect } from '../../src/etcd/index.js';
import { runSetpoint, runSetpointText } from '../support/cli.js';
import { tempFolder } from '../support/ports.js';
import { type StoreUnderTest, setpointCommand, startStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

let folder: { path: string; remove: () => Promise<void> };
let store: StoreUnderTest;
let etcd: Etcd3;
/** Everything every rewrap printed, for the secrecy scan. */
const printed: Buffer[] = [];
/** Every plaintext written in this file. */
const plaintexts: string[] = [];

beforeAll(async () => {
  folder = await tempFolder('cli-rewrap');
  store = await startStore('setpoint');
  etcd = new Etcd3({ hosts: store.endpoint });
  for (const name of ['old', 'new', 'other']) {
    expect(setpoint(['keys', 'generate', name, '--bits', '2048']).status).toBe(0);
  }
  for (const name of ['oldx', 'newx']) {
    expect(setpoint(['keys', 'generate', name, '--type', 'x25519']).status).toBe(0);
  }
  for (const name of ['old', 'new', 'oldx', 'newx']) {
    expect(withStore(['keys', 'add', name, `${name}.pub`]).status).toBe(0);
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

function withStore(args: string[], input?: string) {
  return setpoint([...args, '--endpoints', store.endpoint], input);
}

interface RewrapJson {
  rewrapped: number;
  skipped: number;
  gone: string[];
  unreadable: string[];
  contended: string[];
}

function rewrap(directory: string, privateKey: string, extra: string[] = []) {
  const run = runSetpoint(
    [
      'secrets',
      'rewrap',
      directory,
      '--private-key',
      privateKey,
      '--json',
      ...extra,
      '--endpoints',
      store.endpoint,
    ],
    { cwd: folder.path },
  );
  printed.push(run.stdout, run.stderr);
  const stdout = run.stdout.toString('utf8');
  return {
    status: run.status,
    stderr: run.stderr.toString('utf8'),
    result: JSON.parse(stdout) as RewrapJson,
  };
}

/** Opens the value stored at `key` with the CLI; undefined when the key cannot open it. */
async function openWith(key: string, privateKey: string): Promise<string | undefined> {
  const stored = (await etcd.get(key).string())!;
  const opened = setpoint(['secrets', 'open', '--key', key, '--private-key', privateKey], stored);
  return opened.status === 0 ? opened.stdout : undefined;
}

const privateKeyFile = async (name: string): Promise<PrivateKey> =>
  readPrivateKey(await readFile(join(folder.path, name)), { source: name });
const publicKeyFile = async (name: string): Promise<PublicKey> =>
  readPublicKey(await readFile(join(folder.path, `${name}.pub`)), { source: `${name}.pub` });

describe('secrets rewrap', () => {
  test('rotation: add a recipient and rewrap, both keys open; remove the old one and rewrap, it no longer does', async () => {
    expect(withStore(['keys', 'use', 'rot', 'old']).status).toBe(0);
    const secrets = new Map<string, string>();
    for (let i = 0; i < 4; i++) {
      const key = `rot/service-${i}/password`;
      const plaintext = `r0tation-Pl41ntext-${i}`;
      plaintexts.push(plaintext);
      secrets.set(key, plaintext);
      const put = withStore(['put', key, '--secret'], plaintext);
      expect(put.status, put.stderr).toBe(0);
    }
    expect(withStore(['put', 'rot/plain', 'not sealed']).status).toBe(0);

    expect(withStore(['keys', 'use', 'rot', 'old', 'new']).status).toBe(0);
    const first = rewrap('rot', 'old');
    expect(first.status, first.stderr).toBe(0);
    expect(first.result).toMatchObject({ rewrapped: 4, skipped: 0, unreadable: [], contended: [] });
    for (const [key, plaintext] of secrets) {
      expect(await openWith(key, 'old')).toBe(plaintext);
      expect(await openWith(key, 'new')).toBe(plaintext);
    }
    // Already sealed to exactly the current recipients: nothing to do.
    expect(rewrap('rot', 'new').result).toMatchObject({ rewrapped: 0, skipped: 4 });

    expect(withStore(['keys', 'use', 'rot', 'new']).status).toBe(0);
    const second = rewrap('rot', 'new');
    expect(second.status, second.stderr).toBe(0);
    expect(second.result).toMatchObject({ rewrapped: 4, skipped: 0, unreadable: [] });
    for (const [key, plaintext] of secrets) {
      expect(await openWith(key, 'new')).toBe(plaintext);
      expect(await openWith(key, 'old')).toBeUndefined();
    }
    expect(await etcd.get('rot/plain').string()).toBe('not sealed');
    // About thirty CLI runs one after the other: a minute on a loaded machine.
  }, 180_000);

  test('a value the private key cannot open is named and left as it is; the others are still rewrapped', async () => {
    expect(withStore(['keys', 'use', 'mixed', 'old']).status).toBe(0);
    const plaintext = 'm1xed-Pl41ntext';
    const foreign = 'f0reign-Pl41ntext';
    plaintexts.push(plaintext, foreign);
    expect(withStore(['put', 'mixed/readable', '--secret'], plaintext).status).toBe(0);
    const sealedElsewhere = setpoint(
      ['secrets', 'seal', '--key', 'mixed/foreign', '--recipient', 'other.pub'],
      foreign,
    );
    expect(sealedElsewhere.status, sealedElsewhere.stderr).toBe(0);
    await etcd.put('mixed/foreign').value(sealedElsewhere.stdout.trim());
    expect(withStore(['keys', 'use', 'mixed', 'new']).status).toBe(0);

    const run = rewrap('mixed', 'old');
    expect(run.status).toBe(1);
    expect(run.result).toMatchObject({ rewrapped: 1, skipped: 0, unreadable: ['mixed/foreign'] });
    expect(await openWith('mixed/readable', 'new')).toBe(plaintext);
    expect(await etcd.get('mixed/foreign').string()).toBe(sealedElsewhere.stdout.trim());

    // The text report names the key too.
    const text = runSetpoint(
      ['secrets', 'rewrap', 'mixed', '--private-key', 'old', '--endpoints', store.endpoint],
      { cwd: folder.path },
    );
    printed.push(text.stdout, text.stderr);
    expect(text.status).toBe(1);
    expect(text.stdout.toString('utf8')).toContain('  mixed/foreign');
  });

  test('a key edited between read and write is read again, and a key deleted meanwhile stays deleted', async () => {
    expect(withStore(['keys', 'use', 'cas', 'oldx']).status).toBe(0);
    const oldx = await publicKeyFile('oldx');
    const originals = new Map<string, string>();
    for (let i = 0; i < 6; i++) {
      const key = `cas/k${i}`;
      originals.set(key, `cas-Pl41ntext-${i}`);
      await etcd.put(key).value(await seal(`cas-Pl41ntext-${i}`, { key, recipients: [oldx] }));
    }
    expect(withStore(['keys', 'use', 'cas', 'oldx', 'newx']).status).toBe(0);
    const client = await connect({ endpoints: store.endpoint });
    let commits = 0;
    try {
      const result = await rewrapDirectory(client, 'cas', {
        privateKey: await privateKeyFile('oldx'),
        batchSize: 3,
        beforeCommit: async () => {
          commits++;
          if (commits !== 1) return;
          // Between the read and the first transaction: one key gets an old-recipient value that
          // must be rewrapped again, one is deleted.
          await etcd
            .put('cas/k0')
            .value(await seal('edited-Pl41ntext', { key: 'cas/k0', recipients: [oldx] }));
          await etcd.delete().key('cas/k1');
        },
      });
      expect(result).toMatchObject({
        rewrapped: 5,
        skipped: 0,
        gone: ['cas/k1'],
        unreadable: [],
        contended: [],
      });
    } finally {
      await client.close();
    }
    expect(commits).toBe(3);
    expect(await etcd.get('cas/k1').string()).toBeNull();
    const newKey = await privateKeyFile('newx');
    originals.set('cas/k0', 'edited-Pl41ntext');
    originals.delete('cas/k1');
    for (const [key, plaintext] of originals) {
      const stored = (await etcd.get(key).string())!;
      expect(await openText(stored, { key, privateKey: newKey })).toBe(plaintext);
    }
  });

  test('under a concurrent writer no edit is lost and every value opens with the new key', async () => {
    expect(withStore(['keys', 'use', 'busy', 'old']).status).toBe(0);
    const [oldKey, newKey] = [await publicKeyFile('old'), await publicKeyFile('new')];
    const count = 200;
    const expected = new Map<string, string>();
    for (let i = 0; i < count; i++) {
      const key = `busy/value-${String(i).padStart(3, '0')}`;
      const plaintext = `busy-Pl41ntext-${i}`;
      expected.set(key, plaintext);
      await etcd.put(key).value(await seal(plaintext, { key, recipients: [oldKey] }));
    }
    plaintexts.push('busy-Pl41ntext', 'writer-Pl41ntext');
    expect(withStore(['keys', 'use', 'busy', 'old', 'new']).status).toBe(0);

    const [command, args] = setpointCommand([
      'secrets',
      'rewrap',
      'busy',
      '--private-key',
      'old',
      '--batch',
      '8',
      '--json',
      '--endpoints',
      store.endpoint,
    ]);
    const child = spawn(command, args, { cwd: folder.path, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let running = true;
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        running = false;
        resolve(code);
      }),
    );

    // Once the rewrap has read the directory and committed its first batch, the writer keeps changing
    // every tenth key (last first: their batches are still to come), sealed to the new recipients,
    // until the rewrap ends: those batches' compares fail and their keys are read again.
    const first = [...expected.keys()][0]!;
    await waitFor(async () => !running || recipientsOf((await etcd.get(first).string())!).length === 2, {
      timeoutMs: 60_000,
      intervalMs: 5,
      what: 'the rewrap to commit its first batch',
    });
    const hot = [...expected.keys()].filter((_, i) => i % 10 === 9).reverse();
    for (let i = 0; running && i < 20_000; i++) {
      const key = hot[i % hot.length]!;
      const plaintext = `writer-Pl41ntext-${i}`;
      await etcd.put(key).value(await seal(plaintext, { key, recipients: [oldKey, newKey] }));
      expected.set(key, plaintext);
    }
    const code = await exited;
    printed.push(...stdout, ...stderr);
    expect(code, Buffer.concat(stderr).toString('utf8')).toBe(0);
    const result = JSON.parse(Buffer.concat(stdout).toString('utf8')) as RewrapJson;
    expect(result).toMatchObject({ gone: [], unreadable: [], contended: [] });
    expect(result.rewrapped + result.skipped).toBeGreaterThanOrEqual(count);

    const newPrivateKey = await privateKeyFile('new');
    const stored = await etcd.getAll().prefix('busy/').strings();
    expect(Object.keys(stored)).toHaveLength(count);
    for (const [key, plaintext] of expected) {
      expect(await openText(stored[key]!, { key, privateKey: newPrivateKey }), key).toBe(plaintext);
    }
  });

  test('nothing a rewrap printed holds a plaintext', () => {
    expect(printed.length).toBeGreaterThan(0);
    const all = Buffer.concat(printed).toString('utf8');
    for (const plaintext of plaintexts) expect(all).not.toContain(plaintext);
    expect(all).not.toContain('Pl41ntext');
  });
});
