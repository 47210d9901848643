// Import, export, history, diff, rollback and copy through the Setpoint server, as a user runs
// them: a YAML file imported and exported back equal, every change listed with who made it,
// rolled back, compared and promoted to another directory; sealed values never printed or copied.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateKeyPair } from '../../../src/crypto/index.js';
import { addRecipientKey } from '../../../src/keyspace/index.js';
import { createLogger } from '../../../src/log/logger.js';
import { parseDocument } from '../../../src/render/index.js';
import { type HistoryRecorder, startHistoryRecorder } from '../../../src/server/history/index.js';
import { ADMIN_PASSWORD, type ApiUnderTest, startApi } from '../../support/api.js';
import { tempFolder } from '../../support/ports.js';
import { waitFor } from '../../support/wait.js';
import { type CliResult, isolatedEnvironment, runCli } from './run.js';

const filePassword = 'testing-Pl41ntext';
const secretValue = 's3cret-Pl41ntext-never-printed';
const config = `http:
  addr: :5000
  headers:
    X-Content-Type-Options:
      - nosniff
log:
  level: info
storage:
  swift:
    container: registry
    password: ${filePassword}
    username: tester
`;

/** Each CLI run starts a Node process (seconds on a loaded machine): tests with many runs get time. */
const slow = { timeout: 300_000 };

let api: ApiUnderTest;
let recorder: HistoryRecorder;
let folder: { path: string; remove: () => Promise<void> };
let env: NodeJS.ProcessEnv;
const printed: string[] = [];

beforeAll(async () => {
  api = await startApi('setpoint');
  recorder = startHistoryRecorder(api.client, { logger: createLogger('cli-history-test') });
  folder = await tempFolder('cli-remote-changes');
  const session = await api.anonymous.post('/api/v1/session', {
    user: 'admin',
    password: ADMIN_PASSWORD,
    token: { name: 'cli tests' },
  });
  env = isolatedEnvironment(join(folder.path, 'config'), {
    SETPOINT_SERVER: api.url,
    SETPOINT_TOKEN: session.body.token,
  });
  const pair = await generateKeyPair('x25519');
  await addRecipientKey(api.client, 'app-agent', pair.publicKey);
  expect(
    (await api.admin.post('/api/v1/directories', { name: 'app', recipients: ['app-agent'] })).status,
  ).toBe(201);
  await writeFile(join(folder.path, 'config.yml'), config);
});
afterAll(async () => {
  await recorder?.stop();
  await api?.stop();
  await folder?.remove();
});

async function setpoint(args: string[], input?: string): Promise<CliResult> {
  const run = await runCli(args, { cwd: folder.path, env, ...(input !== undefined ? { input } : {}) });
  printed.push(run.stdout, run.stderr);
  return run;
}

function ok(run: CliResult): CliResult {
  expect(run.status, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
  return run;
}

async function recorded(revision: number): Promise<void> {
  await waitFor(() => recorder.position() >= revision, {
    timeoutMs: 30_000,
    what: `the recorder to reach revision ${revision}`,
  });
}

/** Revisions of the changes the tests make, in order. */
const revisions: Record<string, number> = {};

describe('import and export', slow, () => {
  test('a YAML file imported into a directory exports back equal', async () => {
    const planned = ok(await setpoint(['import', 'app', 'config.yml', '--dry-run']));
    expect(planned.stdout).toMatch(
      /^dry run: importing config.yml into 'app\/' would add 6, change 0 and remove 0/,
    );
    expect((await api.admin.get('/api/v1/keys/app/')).body.keys).toEqual([]);

    const imported = ok(await setpoint(['import', 'app', 'config.yml', '-m', 'first import']));
    expect(imported.stdout).toMatch(
      /^imported config.yml into 'app\/' at revision \d+: 6 added, 0 changed, 0 removed\n/,
    );
    expect(imported.stdout).toContain('  added    app/storage/swift/password\n');
    expect(planned.stdout + imported.stdout).not.toContain(filePassword);
    revisions.imported = Number(/at revision (\d+)/.exec(imported.stdout)![1]);

    const exported = ok(await setpoint(['export', 'app'])).stdout;
    expect(parseDocument(exported, 'yaml', 'export')).toEqual(parseDocument(config, 'yaml', 'config.yml'));
    expect(exported).toBe(config);

    ok(await setpoint(['export', 'app', '-o', 'out.json']));
    expect(JSON.parse(await readFile(join(folder.path, 'out.json'), 'utf8'))).toEqual(
      parseDocument(config, 'yaml', 'config.yml'),
    );
    const again = ok(await setpoint(['import', 'app', 'out.json']));
    expect(again.stdout).toBe("'app/' already holds what out.json says; nothing written\n");

    const json = JSON.parse(ok(await setpoint(['export', 'app', '--format', 'env', '--json'])).stdout);
    expect(json).toMatchObject({ format: 'env', omitted: [], revision: expect.any(Number) });
    expect(json.content).toContain('LOG_LEVEL=info');
  });

  test('--prune --json lists what goes, without values; a file the server cannot read exits 2', async () => {
    await writeFile(join(folder.path, 'small.yml'), "log:\n  level: debug\nhttp:\n  addr: ':5000'\n");
    const preview = JSON.parse(
      ok(await setpoint(['import', 'app', 'small.yml', '--prune', '--dry-run', '--json'])).stdout,
    );
    expect(preview.change).toBeUndefined();
    const byPath = Object.fromEntries(
      preview.entries.map((e: { path: string; change: string }) => [e.path, e.change]),
    );
    expect(byPath).toEqual({
      'app/http/headers/X-Content-Type-Options/0': 'removed',
      'app/log/level': 'changed',
      'app/storage/swift/container': 'removed',
      'app/storage/swift/password': 'removed',
      'app/storage/swift/username': 'removed',
    });
    expect(JSON.stringify(preview)).not.toContain(filePassword);
    for (const entry of preview.entries) {
      expect(entry.before ?? {}).not.toHaveProperty('value');
      expect(entry.after ?? {}).not.toHaveProperty('value');
    }

    await writeFile(join(folder.path, 'broken.yml'), 'http: [unclosed\n');
    const broken = await setpoint(['import', 'app', 'broken.yml']);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/^setpoint import: .*\([A-Z_]+\)\n$/);
    const unknown = await setpoint(['import', 'app', 'config.ini']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--format');
  });

  test('a sealed value is left out of an export and said so on stderr', async () => {
    ok(await setpoint(['put', 'app/storage/swift/key', '--secret'], secretValue));
    const exported = ok(await setpoint(['export', 'app']));
    expect(exported.stderr).toContain('1 sealed key left out');
    expect(exported.stderr).toContain('storage/swift/key');
    expect(exported.stdout).not.toContain('key:');
  });
});

describe('history, diff and rollback', slow, () => {
  test("a key's and a directory's history list each change with who made it and why", async () => {
    const put = JSON.parse(
      ok(await setpoint(['put', 'app/http/addr', ':5001', '-m', 'new port', '--json'])).stdout,
    );
    revisions.port = put.revision;
    await recorded(put.revision);

    const table = ok(await setpoint(['history', 'app/http/addr'])).stdout;
    expect(table).toMatch(/^REVISION\s+AT\s+CHANGE\s+USER\s+VALUE\s+MESSAGE\n/);
    expect(table).toMatch(
      new RegExp(`^${put.revision}\\s+\\S+\\s+put\\s+admin\\s+5 bytes sha256:[0-9a-f]{12}\\s+new port$`, 'm'),
    );
    expect(table).not.toContain(':5001');
    expect(ok(await setpoint(['history', 'app/http/addr', '--show-values'])).stdout).toMatch(
      /:5001\s+new port\n/,
    );

    const json = JSON.parse(ok(await setpoint(['history', 'app/http/addr', '--json'])).stdout);
    expect(json.key).toBe('app/http/addr');
    expect(json.entries.map((e: { value: string }) => e.value)).toEqual([':5001', ':5000']);
    expect(json.entries[0]).toMatchObject({ user: 'admin', message: 'new port', action: 'put' });

    const at = ok(
      await setpoint(['history', 'app/http/addr', '--at', String(revisions.imported), '--show-values']),
    );
    expect(at.stdout).toBe(
      `'app/http/addr' at revision ${revisions.imported}: :5000 (set at revision ${revisions.imported})\n`,
    );

    const directory = ok(await setpoint(['history', 'app/'])).stdout;
    expect(directory).toMatch(
      new RegExp(`^revision ${put.revision}  \\S+  admin  new port\\n  put     app/http/addr\\n`),
    );
    expect(directory).toMatch(/ {2}put {5}app\/storage\/swift\/key {2}\(sealed\)\n/);
    const secret = ok(await setpoint(['history', 'app/storage/swift/key'])).stdout;
    expect(secret).toMatch(/put\s+admin\s+\(sealed, set by admin at [^)]+\)/);
  });

  test('diff shows what changed between two revisions; rollback puts it back, once', async () => {
    const diff = ok(await setpoint(['diff', 'app/', '--from', String(revisions.imported)])).stdout;
    expect(diff).toContain(`--- app/ at revision ${revisions.imported}\n`);
    expect(diff).toMatch(/^~ app\/http\/addr\s+":5000" -> ":5001"$/m);
    expect(diff).toMatch(/^\+ app\/storage\/swift\/key\s+\(sealed, revision \d+\)$/m);
    const json = JSON.parse(
      ok(
        await setpoint([
          'diff',
          'app/http/addr',
          '--from',
          String(revisions.imported),
          '--to',
          String(revisions.port),
          '--json',
        ]),
      ).stdout,
    );
    expect(json).toMatchObject({ path: 'app/http/addr', from: revisions.imported, to: revisions.port });
    expect(json.entries).toHaveLength(1);
    expect((await setpoint(['diff', 'app/'])).status).toBe(2);

    const preview = ok(
      await setpoint(['rollback', 'app/http/addr', '--revision', String(revisions.imported), '--dry-run']),
    );
    expect(preview.stdout).toMatch(
      /^dry run: rolling 'app\/http\/addr' back to revision \d+ would make 0 added, 1 changed, 0 removed/,
    );
    expect(ok(await setpoint(['get', 'app/http/addr'])).stdout).toBe(':5001\n');

    const done = ok(
      await setpoint(['rollback', 'app/http/addr', '--revision', String(revisions.imported), '-m', 'undo']),
    );
    expect(done.stdout).toMatch(
      /^rolled 'app\/http\/addr' back to revision \d+ at revision \d+: 0 added, 1 changed, 0 removed\n~ app\/http\/addr\s+":5001" -> ":5000"\n$/,
    );
    expect(ok(await setpoint(['get', 'app/http/addr'])).stdout).toBe(':5000\n');
    const twice = ok(await setpoint(['rollback', 'app/http/addr', '--revision', String(revisions.imported)]));
    expect(twice.stdout).toContain('already as it was');

    const future = await setpoint(['rollback', 'app/', '--revision', '99999999']);
    expect(future.status).toBe(2);
    expect(future.stderr).toContain('REVISION_INVALID');
  });
});

describe('copy between directories', slow, () => {
  test('diff A/ B/ compares two directories; cp copies every differing key but sealed ones', async () => {
    ok(await setpoint(['put', 'app-prod/http/addr', ':80']));
    ok(await setpoint(['put', 'app-prod/only/here', 'x']));
    const compare = ok(await setpoint(['diff', 'app-prod/', 'app/'])).stdout;
    expect(compare).toContain('--- app-prod/\n+++ app/\n');
    expect(compare).toMatch(/^~ http\/addr\s+":80" -> ":5000"$/m);
    expect(compare).toMatch(/^\+ log\/level\s+"info"$/m);
    expect(compare).toMatch(/^- only\/here\s+\(was "x"\)$/m);

    const preview = ok(await setpoint(['cp', 'app/', 'app-prod/', '--dry-run']));
    expect(preview.stdout).toMatch(
      /^dry run: copying 'app\/' into 'app-prod\/' would make 5 added, 1 changed, 0 removed/,
    );
    expect(preview.stderr).toContain('skipped storage/swift/key: sealed');

    const copied = ok(await setpoint(['cp', 'app/', 'app-prod/', '--prune', '--json']));
    const answer = JSON.parse(copied.stdout);
    expect(answer.change.revision).toBeGreaterThan(0);
    expect(answer.skipped.map((s: { path: string }) => s.path)).toEqual(['storage/swift/key']);
    expect(ok(await setpoint(['get', 'app-prod/http/addr'])).stdout).toBe(':5000\n');
    expect((await setpoint(['get', 'app-prod/only/here'])).status).toBe(4);

    const again = ok(await setpoint(['cp', 'app/', 'app-prod/']));
    expect(again.stdout).toContain('already holds');
    expect(again.stderr).toContain('skipped storage/swift/key');
  });

  test('cp with paths copies only those', async () => {
    const copied = ok(await setpoint(['cp', 'app/', 'app-stage/', 'http/addr', 'app/log/level']));
    expect(copied.stdout).toMatch(
      /^copied 'app\/' into 'app-stage\/' at revision \d+: 2 added, 0 changed, 0 removed\n/,
    );
    const keys = JSON.parse(ok(await setpoint(['get', 'app-stage/', '--json'])).stdout).keys;
    expect(keys.map((k: { key: string }) => k.key)).toEqual(['app-stage/http/addr', 'app-stage/log/level']);
  });

  test('ls lists the directories; rm DIR/ deletes one, with its keys only when told', async () => {
    const list = ok(await setpoint(['ls'])).stdout;
    expect(list).toMatch(/^NAME\s+KEYS\s+RECIPIENTS\s+YOU MAY\s+DESCRIPTION\n/);
    expect(list).toMatch(/^app\s+7\s+app-agent\s+read,write,publish,admin/m);
    expect(list).toMatch(/^app-stage\s+2\s+-/m);

    const refused = await setpoint(['rm', 'app-stage/']);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toContain('DIRECTORY_NOT_EMPTY');
    const removed = ok(await setpoint(['rm', 'app-stage/', '--recursive', '-m', 'stage retired']));
    expect(removed.stdout).toMatch(/^deleted directory 'app-stage' at revision \d+ with its 2 keys\n$/);
    expect((await setpoint(['get', 'app-stage/http/addr'])).status).toBe(4);
  });
});

describe('secrecy', () => {
  test('no run printed the sealed value', () => {
    expect(printed.length).toBeGreaterThan(20);
    for (const output of printed) expect(output).not.toContain(secretValue);
  });
});
