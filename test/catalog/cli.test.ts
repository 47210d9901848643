// `setpoint catalog` against a real server (the API in this process over the embedded store): import
// a folder (packed in memory) and a .tar.gz, a broken repository (each issue on a line, exit 2), ls
// and show, apply with --values and --set (dry run first), a refused value (exit 2 with its pattern),
// apply twice (exit 3), upgrade with --dry-run then for real, and the exit statuses of the API commands.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateKeyPair, isSealed } from '../../src/crypto/index.js';
import { addRecipientKey } from '../../src/keyspace/index.js';
import { isolatedEnvironment } from '../cli/remote/run.js';
import { type ApiUnderTest, startApi } from '../support/api.js';
import { tempFolder } from '../support/ports.js';
import { setpointCommand } from '../support/stores.js';
import { fixturesFolder, packFolder, registryRepository } from './support.js';

let api: ApiUnderTest;
let folder: { path: string; remove: () => Promise<void> };
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  [api, folder] = await Promise.all([startApi('setpoint'), tempFolder('catalog-cli')]);
  const pair = await generateKeyPair('x25519');
  await addRecipientKey(api.client, 'registry-agent', pair.publicKey);
  env = isolatedEnvironment(join(folder.path, 'config'), {
    SETPOINT_SERVER: api.url,
    SETPOINT_TOKEN: api.adminAuthorization.slice('Bearer '.length),
  });
});
afterAll(async () => {
  await api?.stop();
  await folder?.remove();
});

function catalog(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const [command, commandArgs] = setpointCommand(['catalog', ...args]);
    const child = spawn(command, commandArgs, {
      cwd: folder.path,
      env: { ...env, ...extraEnv },
      stdio: 'pipe',
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }),
    );
    child.stdin.end();
  });
}

describe('setpoint catalog', () => {
  test('import: a folder, packed in memory; a .tar.gz; a broken repository lists every issue and exits 2', async () => {
    const folderRun = await catalog(['import', registryRepository]);
    expect(folderRun.status, folderRun.stderr).toBe(0);
    expect(folderRun.stdout).toContain("imported chart 'registry'");
    expect(folderRun.stdout).toMatch(/2\.8\.1 +filesystem, swift +\(new\)/);

    const archive = join(folder.path, 'registry.tar.gz');
    await writeFile(archive, await packFolder(registryRepository));
    const archiveRun = await catalog(['import', archive, '--json']);
    expect(archiveRun.status, archiveRun.stderr).toBe(0);
    expect(JSON.parse(archiveRun.stdout).versions).toEqual([
      { version: '2.8.1', flavors: ['filesystem', 'swift'], replaced: true },
      { version: '2.8.2', flavors: ['filesystem', 'swift'], replaced: true },
    ]);

    const broken = await catalog(['import', join(fixturesFolder, 'broken-names')]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('(CATALOG_INVALID)');
    const lines = broken.stderr.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain("metadata.json: 'chart_name'");
    expect(lines[3]).toContain('versions/1.0 beta/');

    const missing = await catalog(['import', join(folder.path, 'nothing-here')]);
    expect(missing.status).toBe(2);
  });

  test('ls and show: charts, a chart, a version, a flavor with every value and its readme', async () => {
    const ls = await catalog(['ls']);
    expect(ls.status, ls.stderr).toBe(0);
    expect(ls.stdout).toMatch(
      /^CHART +VERSIONS +DESCRIPTION\nregistry +2\.8\.1, 2\.8\.2 +The Docker registry/,
    );
    const json = await catalog(['ls', '--json']);
    expect(JSON.parse(json.stdout).charts[0].name).toBe('registry');

    const chart = await catalog(['show', 'registry']);
    expect(chart.stdout).toContain('registry: The Docker registry');
    expect(chart.stdout).toMatch(/2\.8\.2 +filesystem, swift/);
    const version = await catalog(['show', 'registry', '2.8.1']);
    expect(version.stdout).toMatch(/swift +31 +2 +Docker registry 2\.8\.1 on OpenStack Swift/);
    const flavor = await catalog(['show', 'registry', '2.8.1', 'swift']);
    expect(flavor.status, flavor.stderr).toBe(0);
    expect(flavor.stdout).toContain('storage.swift.authurl  (string, required)  Auth URL');
    expect(flavor.stdout).toContain('    pattern: https?://[^\\s/?#@]+(/[^\\s]*)?');
    expect(flavor.stdout).toContain('    cluster resources: OpenStack identity endpoint');
    expect(flavor.stdout).toContain('storage.swift.password  (string, required, sensitive)');
    expect(flavor.stdout).toContain('    value: "docker-registry" (default "registry")');
    expect(flavor.stdout).toContain('--- readme ---');

    const nope = await catalog(['show', 'nope']);
    expect(nope.status).toBe(4);
    expect(nope.stderr).toContain('(CHART_NOT_FOUND)');
  });

  test('apply: a dry run, a refused value (exit 2, its pattern and description), the directory made, apply twice (exit 3)', async () => {
    const values = join(folder.path, 'hack-values.yml');
    await writeFile(
      values,
      'storage:\n  swift:\n    username: demo:registry\n    authurl: https://swift.example.com/auth/v1.0\n',
    );
    const args = [
      'apply',
      'registry',
      '2.8.1',
      'swift',
      'hack',
      '--values',
      values,
      '--recipient',
      'registry-agent',
    ];

    const dry = await catalog([...args, '--set', 'storage.swift.password=Sw1ft-pass', '--dry-run']);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(
      /^dry run: making 'hack\/' from registry 2\.8\.1 \(swift\) would make 31 added/,
    );
    expect(dry.stdout).toContain('+ hack/storage/swift/password');
    expect(dry.stdout).not.toContain('Sw1ft-pass');
    expect((await api.admin.get('/api/v1/keys/hack/')).body.keys).toEqual([]);

    const refused = await catalog([...args, '--set', 'storage.swift.authurl=ftp://x']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('(VALUES_INVALID)');
    expect(refused.stderr).toContain('storage.swift.authurl: "ftp://x" does not match the pattern');
    expect(refused.stderr).toContain('[pattern https?://[^\\s/?#@]+(/[^\\s]*)?]');
    expect(refused.stderr).toContain('storage.swift.password: is required');

    const made = await catalog([
      ...args,
      '--set',
      'storage.swift.password=Sw1ft-pass',
      '--set',
      'log.level=debug',
    ]);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^made 'hack\/' from registry 2\.8\.1 \(swift\) at revision \d+: 31 added/);
    expect(made.stdout).toMatch(/\+ hack\/storage\/swift\/password +\(sealed\)\n/);
    expect(isSealed((await api.client.etcd.get('hack/storage/swift/password').string())!)).toBe(true);
    expect(await api.client.etcd.get('hack/log/level').string()).toBe('debug');

    const twice = await catalog([...args, '--set', 'storage.swift.password=Sw1ft-pass', '--json']);
    expect(twice.status).toBe(3);
    expect(twice.stderr).toContain('(DIRECTORY_HAS_TEMPLATE)');
  });

  test('upgrade: the changed defaults and kept values as a dry run, then for real; without a token, exit 5', async () => {
    const dry = await catalog(['upgrade', 'hack', '2.8.2', '--dry-run']);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("dry run: upgrading 'hack/' from registry 2.8.1 to 2.8.2 (swift)");
    expect(dry.stdout).toContain('  ~ storage.delete.enabled  false -> true');
    expect(dry.stdout).toContain('  + http.headers.X-Content-Type-Options  ["nosniff"]');
    expect(dry.stdout).toMatch(/kept:\n(.*\n)* {2}log\.level {2}was set by hand/);
    expect(await api.client.etcd.get('hack/storage/delete/enabled').string()).toBe('false');

    const real = await catalog(['upgrade', 'hack', '2.8.2', '-m', 'to 2.8.2', '--json']);
    expect(real.status, real.stderr).toBe(0);
    expect(JSON.parse(real.stdout).change).toMatchObject({ message: 'to 2.8.2' });
    expect(await api.client.etcd.get('hack/storage/delete/enabled').string()).toBe('true');
    expect(await api.client.etcd.get('hack/log/level').string()).toBe('debug');

    const none = await catalog(['upgrade', 'plain', '2.8.2']);
    expect(none.status).toBe(4);
    const anonymous = await catalog(['ls'], { SETPOINT_TOKEN: '' });
    expect(anonymous.status).toBe(5);
    const badUsage = await catalog(['apply', 'registry']);
    expect(badUsage.status).toBe(2);
  });
});
