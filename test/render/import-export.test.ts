// `setpoint import` and `setpoint export` against real etcd and the embedded store: the docker registry's
// own config file and a Swift-backed one round-trip through the keyspace in every nested format; --prune,
// --dry-run, bad files and oversized imports write nothing; sealed values pass through untouched.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseDocument } from '../../src/render/index.js';
import { runSetpointText } from '../support/cli.js';
import { tempFolder } from '../support/ports.js';
import { type StoreUnderTest, startStore } from '../support/stores.js';

/** Installed by Debian's docker-registry package (scripts/provision installs it). */
const registryConfig = '/etc/docker/registry/config.yml';
const swiftFixture = new URL('./fixtures/registry-swift.yml', import.meta.url).pathname;
/** The Swift password in the fixture: it must never be printed. */
const fixturePassword = 'testing-Pl41ntext';

describe.each(['setpoint', 'etcd'] as const)('import and export against %s', (kind) => {
  let store: StoreUnderTest;
  let etcd: Etcd3;
  let folder: { path: string; remove: () => Promise<void> };
  const printed: string[] = [];

  beforeAll(async () => {
    folder = await tempFolder(`render-${kind}`);
    store = await startStore(kind);
    etcd = new Etcd3({ hosts: store.endpoint });
  });
  afterAll(async () => {
    etcd?.close();
    await store?.destroy();
    await folder?.remove();
  });

  function setpoint(args: string[], input?: string) {
    const run = runSetpointText([...args, '--endpoints', store.endpoint], { cwd: folder.path, input });
    printed.push(run.stdout, run.stderr);
    return run;
  }

  const keysUnder = (prefix: string) => etcd.getAll().prefix(prefix).strings();
  const everything = () => keysUnder('');

  test("the docker registry's config.yml, imported into hack/ and exported as YAML, is the same document", async () => {
    const original = parseYaml(await readFile(registryConfig, 'utf8'));
    const imported = setpoint(['import', 'hack', registryConfig]);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(
      /^imported \/etc\/docker\/registry\/config\.yml into 'hack\/' at revision \d+: 12 added, 0 changed, 0 removed/,
    );
    expect(imported.stdout).toContain('  added    hack/http/headers/X-Content-Type-Options/0\n');
    expect(await keysUnder('hack/')).toMatchObject({
      'hack/http/addr': ':5000',
      'hack/version': '0.1',
      'hack/storage/delete/enabled': 'true',
      'hack/health/storagedriver/threshold': '3',
    });

    const exported = setpoint(['export', 'hack']);
    expect(exported.status, exported.stderr).toBe(0);
    expect(parseYaml(exported.stdout)).toEqual(original);

    // The same file again changes nothing.
    const again = setpoint(['import', 'hack', registryConfig, '--json']);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      directory: 'hack',
      format: 'yaml',
      dryRun: false,
      added: [],
      changed: [],
      removed: [],
      unchanged: 12,
    });
  });

  test.each([
    ['yaml', 'yml'],
    ['json', 'json'],
    ['toml', 'toml'],
  ])('a Swift-backed registry config round-trips through %s', async (format, extension) => {
    const original = parseYaml(await readFile(swiftFixture, 'utf8'));
    const directory = `swift-${format}`;
    const imported = setpoint(['import', directory, swiftFixture]);
    expect(imported.status, imported.stderr).toBe(0);
    expect(await etcd.get(`${directory}/storage/swift/password`).string()).toBe(fixturePassword);
    expect(await etcd.get(`${directory}/http/secret`).string()).toBe("'8080'");
    expect(await etcd.get(`${directory}/storage/swift/chunksize`).string()).toBe('5242880');
    expect(await etcd.get(`${directory}/notifications/endpoints/0/ignoredmediatypes`).string()).toBe('[]');

    const file = join(folder.path, `${directory}.${extension}`);
    const exported = setpoint(['export', directory, '--output', file, '--json']);
    expect(exported.status, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ directory, keys: 28, format, output: file });
    const text = await readFile(file, 'utf8');
    expect(parseDocument(text, format as 'yaml' | 'json' | 'toml', file)).toEqual(original);

    // The exported file imports into a second directory as exactly the same keys.
    const copy = `${directory}-copy`;
    expect(setpoint(['import', copy, file]).status).toBe(0);
    const strip = (keys: Record<string, string>, prefix: string) =>
      Object.fromEntries(Object.entries(keys).map(([k, v]) => [k.slice(prefix.length), v]));
    expect(strip(await keysUnder(`${copy}/`), copy)).toEqual(
      strip(await keysUnder(`${directory}/`), directory),
    );
  });

  test('--prune deletes the keys the file lacks, never anything under _setpoint/; without it they stay', async () => {
    await etcd.put('pruned/extra/key').value('stale');
    await etcd.put('pruned/http/addr').value('old');
    await etcd.put('_setpoint/directories/pruned').value('{"recipients":[]}');
    await etcd.put('prunedness/other').value('untouched');

    const kept = setpoint(['import', 'pruned', registryConfig]);
    expect(kept.status, kept.stderr).toBe(0);
    expect(kept.stdout).toMatch(/11 added, 1 changed, 0 removed, 0 unchanged/);
    expect(kept.stdout).toContain("1 keys of 'pruned/' are not in the file and stay (--prune removes them)");
    expect(await etcd.get('pruned/extra/key').string()).toBe('stale');

    const pruned = setpoint(['import', 'pruned', registryConfig, '--prune', '--json']);
    expect(pruned.status, pruned.stderr).toBe(0);
    expect(JSON.parse(pruned.stdout)).toMatchObject({
      added: [],
      changed: [],
      removed: ['pruned/extra/key'],
      kept: 0,
    });
    expect(await etcd.get('pruned/extra/key').string()).toBeNull();
    expect(await etcd.get('_setpoint/directories/pruned').string()).toBe('{"recipients":[]}');
    expect(await etcd.get('prunedness/other').string()).toBe('untouched');
    expect(Object.keys(await keysUnder('pruned/'))).toHaveLength(12);
  });

  test('--dry-run prints what would change, by key name only, and writes nothing', async () => {
    await etcd.put('planned/storage/swift/password').value('old-Pl41ntext');
    await etcd.put('planned/obsolete').value('x');
    const before = await everything();
    const planned = setpoint(['import', 'planned', swiftFixture, '--dry-run', '--prune']);
    expect(planned.status, planned.stderr).toBe(0);
    expect(planned.stdout).toMatch(
      /^dry run: importing .*registry-swift\.yml into 'planned\/' would add 27, change 1 and remove 1 keys \(0 unchanged; read at revision \d+\); nothing was written\n/,
    );
    expect(planned.stdout).toContain('  changed  planned/storage/swift/password\n');
    expect(planned.stdout).toContain('  removed  planned/obsolete\n');
    expect(planned.stdout).not.toContain(fixturePassword);
    expect(planned.stdout).not.toContain('old-Pl41ntext');
    const json = setpoint(['import', 'planned', swiftFixture, '--dry-run', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      dryRun: true,
      changed: ['planned/storage/swift/password'],
      kept: 1,
    });
    expect(await everything()).toEqual(before);
  });

  test('a bad file is refused, naming the file and line and not the text there; nothing is written', async () => {
    const file = join(folder.path, 'bad.yml');
    await writeFile(file, `storage:\n  swift:\n    password: ${fixturePassword}: oops\n`);
    const before = await everything();
    const refused = setpoint(['import', 'broken', file]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`cannot read ${file} as YAML, line 3 column 15`);
    expect(refused.stderr).not.toContain(fixturePassword);

    const badKey = join(folder.path, 'bad-key.json');
    await writeFile(badKey, JSON.stringify({ storage: { 'a/b': fixturePassword } }));
    const refusedKey = setpoint(['import', 'broken', badKey]);
    expect(refusedKey.status).toBe(1);
    expect(refusedKey.stderr).toContain('storage["a/b"]: the map key "a/b" cannot be a key segment');
    expect(refusedKey.stderr).not.toContain(fixturePassword);
    expect(await everything()).toEqual(before);
  });

  test('an import larger than one transaction is refused, naming the limit and the count; nothing is written', async () => {
    const file = join(folder.path, 'large.json');
    await writeFile(
      file,
      JSON.stringify(Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`key${i}`, i]))),
    );
    const before = await everything();
    const refused = setpoint(['import', 'large', file]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      "importing into 'large/' needs one transaction of 200 operations (200 added",
    );
    expect(refused.stderr).toContain('the store allows at most 128 (--max-txn-ops); nothing was written');
    expect(await everything()).toEqual(before);
    // Under the limit, the same keys go in at once.
    await writeFile(
      file,
      JSON.stringify(Object.fromEntries(Array.from({ length: 128 }, (_, i) => [`key${i}`, i]))),
    );
    expect(setpoint(['import', 'large', file]).status).toBe(0);
    expect(Object.keys(await keysUnder('large/'))).toHaveLength(128);
  });

  test('sealed values are imported and exported as they are, and still open under their key', async () => {
    expect(
      runSetpointText(['keys', 'generate', 'agent', '--type', 'x25519'], { cwd: folder.path }).status,
    ).toBe(0);
    const key = 'sealed/storage/swift/password';
    const sealing = runSetpointText(['secrets', 'seal', '--key', key, '--recipient', 'agent.pub'], {
      cwd: folder.path,
      input: fixturePassword,
    });
    expect(sealing.status, sealing.stderr).toBe(0);
    const sealed = sealing.stdout.trim();
    const file = join(folder.path, 'sealed.yml');
    await writeFile(file, `storage:\n  swift:\n    password: ${sealed}\n    username: test:tester\n`);
    expect(setpoint(['import', 'sealed', file]).status).toBe(0);
    expect(await etcd.get(key).string()).toBe(sealed);
    const exported = setpoint(['export', 'sealed', '--format', 'env']);
    expect(exported.stdout).toBe(`STORAGE_SWIFT_PASSWORD=${sealed}\nSTORAGE_SWIFT_USERNAME=test:tester\n`);
    const opened = runSetpointText(['secrets', 'open', '--key', key, '--private-key', 'agent'], {
      cwd: folder.path,
      input: sealed,
    });
    expect(opened.stdout).toBe(fixturePassword);
  });

  test('stdin with --format, and the flat formats', async () => {
    const imported = setpoint(
      ['import', 'flat', '-', '--format', 'properties'],
      'server.port=8080\nserver.hosts.0=a\n',
    );
    expect(imported.status, imported.stderr).toBe(0);
    expect(await keysUnder('flat/')).toEqual({ 'flat/server/hosts/0': 'a', 'flat/server/port': '8080' });
    expect(setpoint(['export', 'flat', '--format', 'properties']).stdout).toBe(
      'server.hosts.0=a\nserver.port=8080\n',
    );
    expect(setpoint(['export', 'flat', '--format', 'env']).stdout).toBe(
      'SERVER_HOSTS_0=a\nSERVER_PORT=8080\n',
    );
    expect(setpoint(['import', 'env', '-', '--format', 'env'], 'PORT=8080\n').status).toBe(0);
    expect(await etcd.get('env/PORT').string()).toBe("'8080'");
  });

  test('export --output replaces the file atomically: a new file is 0600, an existing one keeps its mode', async () => {
    const file = join(folder.path, 'out.yaml');
    expect(setpoint(['export', 'flat', '--output', file]).stdout).toMatch(
      /^exported 2 keys of 'flat\/' \(revision \d+\) to .*out\.yaml as yaml\n$/,
    );
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe('server:\n  hosts:\n    - a\n  port: 8080\n');
    const { chmod } = await import('node:fs/promises');
    await chmod(file, 0o640);
    expect(setpoint(['export', 'hack', '--output', file]).status).toBe(0);
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(parseYaml(await readFile(file, 'utf8'))).toEqual(
      parseYaml(await readFile(registryConfig, 'utf8')),
    );
  });

  test('keys that make no document are reported by name; exporting writes nothing', async () => {
    await etcd.put('conflict/a').value('1');
    await etcd.put('conflict/a/b').value('2');
    const file = join(folder.path, 'conflict.yml');
    const refused = setpoint(['export', 'conflict', '--output', file]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("'a' holds a value and is also the parent of 'a/b'");
    await expect(stat(file)).rejects.toThrow();
    const toml = setpoint(['export', 'hack', '--format', 'toml']);
    expect(toml.status).toBe(0);
    await etcd.put('nulls/a').value('~');
    expect(setpoint(['export', 'nulls', '--format', 'toml']).stderr).toContain(
      'cannot write a as TOML: TOML has no null',
    );
  });

  test.each([
    [['import', 'bad/dir', registryConfig], /a directory is the first segment of a key/],
    [['import', '_setpoint', registryConfig], /reserved/],
    [['import', 'hack', '-'], /reading stdin needs --format/],
    [['import', 'hack', 'notes.txt'], /cannot tell the format of notes\.txt/],
    [['import', 'hack', registryConfig, '--format', 'xml'], /--format xml is not a format/],
    [['export', 'hack', '--format', 'xml'], /--format xml is not a format/],
    [['export', 'hack', '--output', 'out.txt'], /cannot tell a format from the name out\.txt/],
    [['export', 'hack', '--json'], /--json describes the file written with --output/],
    [['import', 'hack'], /missing required argument 'file'/],
  ])('%j is wrong usage: exit 2, saying why', async (args, reason) => {
    const before = await everything();
    const refused = setpoint(args);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(reason);
    expect(await everything()).toEqual(before);
  });

  test('--help documents every option', () => {
    const importHelp = setpoint(['import', '--help']).stdout;
    for (const option of [
      '--format',
      '--prune',
      '--dry-run',
      '--json',
      '--max-txn-ops',
      '--endpoints',
      'Exit status',
    ]) {
      expect(importHelp).toContain(option);
    }
    const exportHelp = setpoint(['export', '--help']).stdout;
    for (const option of ['--format', '--output', '--json', '--endpoints', 'Exit status']) {
      expect(exportHelp).toContain(option);
    }
  });

  test('no CLI output ever held the plaintext password', () => {
    expect(printed.length).toBeGreaterThan(20);
    for (const output of printed) expect(output).not.toContain(fixturePassword);
  });
});
