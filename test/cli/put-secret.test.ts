// `setpoint put` (plain and --secret) against the embedded store, ending with a scan for the plaintexts
// in the whole keyspace, the store's data folder and log, and everything the CLI printed.
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runSetpoint } from '../support/cli.js';
import { tempFolder } from '../support/ports.js';
import { type StoreUnderTest, startStore } from '../support/stores.js';

let folder: { path: string; remove: () => Promise<void> };
let store: StoreUnderTest;
let etcd: Etcd3;
/** Everything every CLI run printed, for the secrecy scan. */
const printed: Buffer[] = [];

const swiftPassword = 'sw1ft-Pl41ntext-never-stored\nwith ünïcode';
const apiToken = 'tok3n-Pl41ntext-never-stored';
const argvSecret = 'argv-Pl41ntext-never-stored';
const plaintexts = [
  swiftPassword,
  apiToken,
  argvSecret,
  'sw1ft-Pl41ntext',
  'tok3n-Pl41ntext',
  'argv-Pl41ntext',
];

beforeAll(async () => {
  folder = await tempFolder('cli-put');
  // Logging everything, so the scan below also reads the most the store ever logs.
  store = await startStore('setpoint', { env: { SETPOINT_LOG_LEVEL: 'trace' } });
  etcd = new Etcd3({ hosts: store.endpoint });
  expect(setpoint(['keys', 'generate', 'team-a', '--bits', '2048']).status).toBe(0);
  // An id_rsa as the original agent was given one, from the real ssh-keygen.
  execFileSync('/usr/bin/ssh-keygen', ['-q', '-t', 'rsa', '-b', '3072', '-N', '', '-f', 'id_rsa'], {
    cwd: folder.path,
  });
  for (const [name, file] of [
    ['team-a', 'team-a.pub'],
    ['agent', 'id_rsa.pub'],
  ] as const) {
    expect(setpoint(['keys', 'add', name, file, '--endpoints', store.endpoint]).status).toBe(0);
  }
  expect(setpoint(['keys', 'use', 'hack', 'team-a', 'agent', '--endpoints', store.endpoint]).status).toBe(0);
  expect(setpoint(['keys', 'use', 'api', 'agent', '--endpoints', store.endpoint]).status).toBe(0);
});
afterAll(async () => {
  etcd?.close();
  await store?.destroy();
  await folder?.remove();
});

function setpoint(args: string[], input?: string) {
  const run = runSetpoint(args, { cwd: folder.path, input });
  printed.push(run.stdout, run.stderr);
  return { status: run.status, stdout: run.stdout.toString('utf8'), stderr: run.stderr.toString('utf8') };
}

function put(args: string[], input?: string) {
  return setpoint(['put', ...args, '--endpoints', store.endpoint], input);
}

const everything = async () => etcd.getAll().prefix('').strings();

describe('put --secret', () => {
  test('the value on stdin is stored sealed to the directory recipients, and each of their keys opens it', async () => {
    const key = 'hack/storage/swift/password';
    const done = put([key, '--secret', '--json'], swiftPassword);
    expect(done.status, done.stderr).toBe(0);
    const result = JSON.parse(done.stdout) as { key: string; revision: number; sealed: boolean };
    expect(result).toMatchObject({ key, sealed: true });
    expect(result.revision).toBeGreaterThan(0);

    const stored = (await etcd.get(key).string())!;
    expect(stored.startsWith('setpoint:sealed:v1:')).toBe(true);
    for (const privateKey of ['team-a', 'id_rsa']) {
      const opened = setpoint(['secrets', 'open', '--key', key, '--private-key', privateKey], stored);
      expect(opened.status, opened.stderr).toBe(0);
      // Compared here, not collected: the plaintext is expected on this one stdout.
      expect(printed.pop()?.toString('utf8')).toBe('');
      expect(printed.pop()?.toString('utf8')).toBe(swiftPassword);
    }
    // Sealed to the key it was put under: it does not open under another.
    const moved = setpoint(['secrets', 'open', '--key', 'hack/other', '--private-key', 'id_rsa'], stored);
    expect(moved.status).toBe(1);

    const plain = put([key.replace('password', 'user'), 'swift-user', '--json']);
    expect(JSON.parse(plain.stdout)).toMatchObject({ sealed: false });
    expect(await etcd.get('hack/storage/swift/user').string()).toBe('swift-user');
    expect(put(['api/url'], 'https://example.test').status).toBe(0);
    expect(await etcd.get('api/url').string()).toBe('https://example.test');

    const token = put(['api/token', '--secret'], apiToken);
    expect(token.status, token.stderr).toBe(0);
    expect(token.stdout).toMatch(/put api\/token at revision \d+ \(sealed to the recipients of 'api'\)/);
  });

  test('a value on the command line is refused with --secret, and nothing is written', async () => {
    const before = await everything();
    const refused = put(['hack/token', argvSecret, '--secret']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('never taken from the command line');
    expect(await everything()).toEqual(before);
  });

  test('a directory without recipients is refused with the command that gives it some', async () => {
    const before = await everything();
    const refused = put(['fresh/token', '--secret'], apiToken);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("directory 'fresh' has no recipients");
    expect(refused.stderr).toContain("'setpoint keys use fresh NAME...'");
    expect(await everything()).toEqual(before);
  });

  test.each([
    ['hack/../token', /segment 2 is '\.\.'/],
    ['hack//token', /segment 2 is empty/],
    ['hack/to\u0007ken', /control character U\+0007/],
    ['_setpoint/keys/evil', /reserved/],
    ['/hack/token', /starts with '\/'/],
  ])('the key name %j is refused, saying why, and nothing is written', async (key, reason) => {
    const before = await everything();
    for (const args of [[key, '--secret'], [key]]) {
      const refused = put(args, apiToken);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(reason);
      expect(refused.stderr).toContain('invalid key name');
    }
    expect(await everything()).toEqual(before);
  });

  test("secrecy: no plaintext anywhere in the keyspace, the data folder, the store's log or what the CLI printed", async () => {
    const keyspace = await everything();
    expect(Object.keys(keyspace)).toContain('hack/storage/swift/password');
    const haystacks: [string, Buffer][] = Object.entries(keyspace).map(([k, v]) => [
      `etcd key ${k}`,
      Buffer.from(`${k}\n${v}`),
    ]);
    for (const path of await filesUnder(store.dataDir)) haystacks.push([path, await readFile(path)]);
    expect(haystacks.some(([where]) => where.startsWith(store.dataDir))).toBe(true);
    printed.forEach((output, i) => {
      haystacks.push([`CLI output ${i}`, output]);
    });
    const log = store.process().output();
    expect(log).toContain('ready to serve client requests');
    haystacks.push(["the store's log", Buffer.from(log)]);
    const found: string[] = [];
    for (const [where, bytes] of haystacks) {
      for (const plaintext of plaintexts) {
        for (const encoding of ['utf8', 'utf16le'] as const) {
          if (bytes.includes(Buffer.from(plaintext, encoding))) found.push(`${where} (${encoding})`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}
