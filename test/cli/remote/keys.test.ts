// The configuration commands through the Setpoint server, run as a user runs them: login writes the
// credentials file (0600) that later commands use; put/get/ls/rm round-trip; a secret is never
// printed; conflicts, missing keys and refusals end with the documented exit statuses; commands
// with --endpoints or ETCD_HOST still talk to etcd directly; logout revokes the token.
import { readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateKeyPair } from '../../../src/crypto/index.js';
import { addRecipientKey } from '../../../src/keyspace/index.js';
import { type ApiUnderTest, startApi } from '../../support/api.js';
import { tempFolder } from '../../support/ports.js';
import { type CliResult, isolatedEnvironment, runCli } from './run.js';

const secretValue = 'sw1ft-Pl41ntext-never-printed';
const alicePassword = 'alice password for tests';

let api: ApiUnderTest;
let folder: { path: string; remove: () => Promise<void> };
let configHome: string;
/** Each CLI run starts a Node process (seconds on a loaded machine): tests with many runs get time. */
const slow = { timeout: 300_000 };
/** Everything every run printed, for the secrecy check at the end. */
const printed: string[] = [];

beforeAll(async () => {
  api = await startApi('setpoint');
  folder = await tempFolder('cli-remote');
  configHome = join(folder.path, 'config');
  const pair = await generateKeyPair('x25519');
  await addRecipientKey(api.client, 'hack-agent', pair.publicKey);
  const created = await api.admin.post('/api/v1/directories', { name: 'hack', recipients: ['hack-agent'] });
  expect(created.status).toBe(201);
  await api.user('alice', [{ role: 'publisher', prefix: 'hack/' }]);
  await api.user('vic', [{ role: 'viewer', prefix: 'hack/' }]);
});
afterAll(async () => {
  await api?.stop();
  await folder?.remove();
});

/** `setpoint ARGS` with the saved login of this suite (no server or token in the environment). */
async function setpoint(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const run = await runCli(args, {
    cwd: folder.path,
    env: isolatedEnvironment(configHome, options.env),
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  printed.push(run.stdout, run.stderr);
  return run;
}

function ok(run: CliResult): CliResult {
  expect(run.status, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
  return run;
}

async function tokenOf(user: string): Promise<string> {
  const answer = await api.anonymous.post('/api/v1/session', {
    user,
    password: `${user} password for tests`,
    token: { name: 'test' },
  });
  expect(answer.status).toBe(200);
  return answer.body.token as string;
}

describe('setpoint login', slow, () => {
  test('--password-stdin saves a token named cli@<hostname> in a credentials file of mode 0600', async () => {
    const login = ok(
      await setpoint(['login', '--server', `${api.url}/`, '--user', 'alice', '--password-stdin'], {
        input: `${alicePassword}\n`,
      }),
    );
    expect(login.stdout).toContain(`signed in to ${api.url} as alice`);
    expect(login.stdout + login.stderr).not.toContain('spt_');

    const path = join(configHome, 'setpoint', 'credentials.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(configHome, 'setpoint'))).mode & 0o777).toBe(0o700);
    const credentials = JSON.parse(await readFile(path, 'utf8'));
    expect(credentials.current).toBe(api.url);
    expect(credentials.servers[api.url]).toMatchObject({ user: 'alice', tokenName: `cli@${hostname()}` });
    expect(credentials.servers[api.url].token).toMatch(/^spt_/);

    // The token works, and is the one the server lists for alice under that name.
    const tokens = await api.as(credentials.servers[api.url].token).get('/api/v1/tokens');
    expect(tokens.body.tokens).toContainEqual(
      expect.objectContaining({ name: `cli@${hostname()}`, owner: 'alice', current: true }),
    );

    // Later commands use the saved login without --server.
    const list = ok(await setpoint(['ls', '--json']));
    expect(JSON.parse(list.stdout).directories.map((d: { name: string }) => d.name)).toContain('hack');
  });

  test('a wrong password exits 5 with LOGIN_FAILED and saves nothing', async () => {
    const before = await readFile(join(configHome, 'setpoint', 'credentials.json'), 'utf8');
    const refused = await setpoint(['login', '--server', api.url, '--user', 'alice', '--password-stdin'], {
      input: 'not the password\n',
    });
    expect(refused.status).toBe(5);
    expect(refused.stderr).toMatch(/^setpoint login: .*\(LOGIN_FAILED\)\n$/);
    expect(await readFile(join(configHome, 'setpoint', 'credentials.json'), 'utf8')).toBe(before);
  });
});

describe('keys through the server', slow, () => {
  test('put, get, ls and rm round-trip a plain value, with who set it', async () => {
    const put = ok(await setpoint(['put', 'hack/http/addr', ':5000', '-m', 'first port']));
    expect(put.stdout).toMatch(/^put hack\/http\/addr at revision \d+\n$/);
    expect(ok(await setpoint(['get', 'hack/http/addr'])).stdout).toBe(':5000\n');

    const json = JSON.parse(ok(await setpoint(['get', 'hack/http/addr', '--json'])).stdout);
    expect(json).toMatchObject({
      key: 'hack/http/addr',
      sealed: false,
      value: ':5000',
      setBy: { user: 'alice', message: 'first port' },
    });

    // A value from stdin ('-'), kept byte for byte.
    ok(await setpoint(['put', 'hack/log/format', '-'], { input: 'json with spaces ' }));
    expect(JSON.parse(ok(await setpoint(['get', 'hack/log/format', '--json'])).stdout).value).toBe(
      'json with spaces ',
    );

    const tree = ok(await setpoint(['ls', 'hack/'])).stdout;
    expect(tree).toContain('hack/\n');
    expect(tree).toMatch(/http\/\n.*└── addr\n/s);
    const table = ok(await setpoint(['get', 'hack/'])).stdout;
    expect(table).toMatch(/^KEY\s+VALUE\n/);
    expect(table).toMatch(/hack\/http\/addr\s+:5000\n/);
    expect(table).toContain('"json with spaces "');

    const removed = ok(await setpoint(['rm', 'hack/log/format', '--json']));
    expect(JSON.parse(removed.stdout)).toMatchObject({ key: 'hack/log/format' });
    const gone = await setpoint(['get', 'hack/log/format']);
    expect(gone.status).toBe(4);
  });

  test('a secret is sealed by the server and never printed: not by get, ls, --json or history', async () => {
    const put = ok(
      await setpoint(['put', 'hack/storage/swift/password', '--secret', '--json'], { input: secretValue }),
    );
    expect(JSON.parse(put.stdout)).toMatchObject({ key: 'hack/storage/swift/password', sealed: true });

    const shown = ok(await setpoint(['get', 'hack/storage/swift/password'])).stdout;
    expect(shown).toMatch(/^\(sealed, set by alice at \d{4}-\d\d-\d\dT[^)]+\)\n$/);

    const json = JSON.parse(ok(await setpoint(['get', 'hack/storage/swift/password', '--json'])).stdout);
    expect(json.sealed).toBe(true);
    expect(json).not.toHaveProperty('value');
    const tree = JSON.parse(ok(await setpoint(['get', 'hack/', '--json'])).stdout);
    const sealed = tree.keys.find((k: { key: string }) => k.key === 'hack/storage/swift/password');
    expect(sealed).toMatchObject({ sealed: true });
    expect(sealed).not.toHaveProperty('value');

    expect(ok(await setpoint(['get', 'hack/'])).stdout).toMatch(
      /hack\/storage\/swift\/password\s+\(sealed, set by alice at [^)]+\)\n/,
    );
    expect(ok(await setpoint(['ls', 'hack/'])).stdout).toContain('password  (sealed)');
    expect(ok(await setpoint(['ls', '-l', 'hack/'])).stdout).toMatch(
      /hack\/storage\/swift\/password\s+\d+\s+yes\s+alice/,
    );

    // A secret on the command line is refused before anything is sent.
    const refused = await setpoint(['put', 'hack/token', 'argv-secret', '--secret']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('never taken from the command line');
    expect((await api.admin.get('/api/v1/keys/hack/token')).status).toBe(404);
  });

  test('a put with a stale --if-match exits 3 with KEY_CHANGED and writes nothing', async () => {
    const first = JSON.parse(ok(await setpoint(['put', 'hack/limits/max', '10', '--json'])).stdout);
    ok(await setpoint(['put', 'hack/limits/max', '20', '--if-match', String(first.revision)]));
    const stale = await setpoint(['put', 'hack/limits/max', '30', '--if-match', String(first.revision)]);
    expect(stale.status).toBe(3);
    expect(stale.stderr).toMatch(/^setpoint put: .*\(KEY_CHANGED\)\n$/);
    expect(ok(await setpoint(['get', 'hack/limits/max'])).stdout).toBe('20\n');

    const exists = await setpoint(['put', 'hack/limits/max', '40', '--if-match', '0']);
    expect(exists.status).toBe(3);
    const staleRemove = await setpoint(['rm', 'hack/limits/max', '--if-match', String(first.revision)]);
    expect(staleRemove.status).toBe(3);
    expect(ok(await setpoint(['get', 'hack/limits/max'])).stdout).toBe('20\n');

    const badRevision = await setpoint(['put', 'hack/limits/max', '50', '--if-match', 'yesterday']);
    expect(badRevision.status).toBe(2);
    expect(badRevision.stderr).toContain('--if-match takes a revision');
  });

  test('a missing key exits 4 with KEY_NOT_FOUND; a bad key name exits 2 before anything is sent', async () => {
    const missing = await setpoint(['get', 'hack/no/such/key']);
    expect(missing.status).toBe(4);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^setpoint get: .*\(KEY_NOT_FOUND\)\n$/);
    expect((await setpoint(['rm', 'hack/no/such/key'])).status).toBe(4);

    const dotted = await setpoint(['get', 'hack/../_setpoint/users/admin']);
    expect(dotted.status).toBe(2);
    expect(dotted.stderr).toContain('KEY_NAME_INVALID');
  });

  test("a viewer's put exits 5 with ACCESS_DENIED; no token at all exits 5 with NOT_SIGNED_IN", async () => {
    const viewer = { SETPOINT_TOKEN: await tokenOf('vic') };
    expect(ok(await setpoint(['get', 'hack/http/addr'], { env: viewer })).stdout).toBe(':5000\n');
    const denied = await setpoint(['put', 'hack/http/addr', ':6000'], { env: viewer });
    expect(denied.status).toBe(5);
    expect(denied.stderr).toMatch(/^setpoint put: vic may not write .*\(ACCESS_DENIED\)\n$/);
    expect(ok(await setpoint(['get', 'hack/http/addr'])).stdout).toBe(':5000\n');

    const nobody = await runCli(['get', 'hack/http/addr', '--server', api.url], {
      cwd: folder.path,
      env: isolatedEnvironment(join(folder.path, 'nobody')),
    });
    expect(nobody.status).toBe(5);
    expect(nobody.stderr).toContain('NOT_SIGNED_IN');
    expect(nobody.stderr).toContain('setpoint login');

    const revoked = await setpoint(['get', 'hack/http/addr'], {
      env: { SETPOINT_TOKEN: 'spt_not-a-real-token' },
    });
    expect(revoked.status).toBe(5);
  });

  test('no server known exits 2; a server that does not answer exits 1', async () => {
    const env = isolatedEnvironment(join(folder.path, 'nobody'));
    const noServer = await runCli(['ls'], { cwd: folder.path, env });
    expect(noServer.status).toBe(2);
    expect(noServer.stderr).toContain('SERVER_NOT_GIVEN');
    const badUrl = await runCli(['ls', '--server', 'localhost:8420'], { cwd: folder.path, env });
    expect(badUrl.status).toBe(2);
    expect(badUrl.stderr).toContain('http://');
    const closed = await runCli(['ls', '--server', 'http://127.0.0.1:9'], {
      cwd: folder.path,
      env: { ...env, SETPOINT_TOKEN: 'spt_x' },
    });
    expect(closed.status).toBe(1);
    expect(closed.stderr).toContain('SERVER_UNREACHABLE');
  });
});

describe('which way put, import, export and history go', slow, () => {
  test('with --endpoints or ETCD_HOST they talk to etcd directly even while signed in', async () => {
    ok(await setpoint(['put', 'direct/a', 'by-etcd', '--endpoints', api.store.endpoint]));
    ok(await setpoint(['put', 'direct/b', 'by-etcd-host'], { env: { ETCD_HOST: api.store.endpoint } }));
    // Written outside Setpoint: no change record, so the server knows no author.
    for (const key of ['direct/a', 'direct/b']) {
      const view = await api.admin.get(`/api/v1/keys/${key}`);
      expect(view.body).toMatchObject({ key, sealed: false });
      expect(view.body.setBy).toBeUndefined();
    }
    // Through the server (the saved login), the change has its author.
    ok(await setpoint(['put', 'hack/via', 'server']));
    expect((await api.admin.get('/api/v1/keys/hack/via')).body.setBy).toMatchObject({ user: 'alice' });
    // --server beats ETCD_HOST.
    ok(
      await setpoint(['put', 'hack/via2', 'server', '--server', api.url], {
        env: { ETCD_HOST: '127.0.0.1:9' },
      }),
    );
    expect((await api.admin.get('/api/v1/keys/hack/via2')).body.setBy).toMatchObject({ user: 'alice' });
  });

  test('--server with --endpoints, server-only flags on etcd and etcd-only flags on the server exit 2', async () => {
    const both = await setpoint([
      'put',
      'hack/x',
      '1',
      '--server',
      api.url,
      '--endpoints',
      api.store.endpoint,
    ]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--server and --endpoints');
    const ifMatch = await setpoint([
      'put',
      'hack/x',
      '1',
      '--if-match',
      '3',
      '--endpoints',
      api.store.endpoint,
    ]);
    expect(ifMatch.status).toBe(2);
    expect(ifMatch.stderr).toContain('--if-match');
    const cert = await setpoint(['put', 'hack/x', '1', '--cert', 'client.crt']);
    expect(cert.status).toBe(2);
    expect(cert.stderr).toContain('--cert');
    expect((await api.admin.get('/api/v1/keys/hack/x')).status).toBe(404);
  });
});

describe('setpoint logout', slow, () => {
  test('revokes the saved token on the server and removes it from the file', async () => {
    const path = join(configHome, 'setpoint', 'credentials.json');
    const token = JSON.parse(await readFile(path, 'utf8')).servers[api.url].token as string;
    const logout = ok(await setpoint(['logout']));
    expect(logout.stdout).toContain(`signed out of ${api.url}: token revoked`);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ servers: {} });
    expect((await api.as(token).get('/api/v1/session')).status).toBe(401);
    expect(ok(await setpoint(['logout'])).stdout).toContain('not signed in');
    const after = await setpoint(['get', 'hack/http/addr', '--server', api.url]);
    expect(after.status).toBe(5);
  });
});

describe('secrecy', slow, () => {
  test('no run printed the secret', () => {
    expect(printed.length).toBeGreaterThan(40);
    for (const output of printed) expect(output).not.toContain(secretValue);
  });
});
