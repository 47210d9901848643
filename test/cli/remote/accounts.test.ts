// `setpoint user` and `setpoint token` against the Setpoint server, as an admin and a user run them,
// and the CLI over HTTPS with the server's CA given by --cacert or SETPOINT_CACERT.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../../../src/log/logger.js';
import { type ApiServer, startApiServer } from '../../../src/server/http/server.js';
import { ADMIN_PASSWORD, type ApiUnderTest, startApi } from '../../support/api.js';
import { tempFolder } from '../../support/ports.js';
import { makeTestCertificates } from '../../support/tls-certificates.js';
import { type CliResult, isolatedEnvironment, runCli } from './run.js';

/** Each CLI run starts a Node process (seconds on a loaded machine): tests with many runs get time. */
const slow = { timeout: 300_000 };
const bobPassword = 'bob-Pl41ntext-password';
const bobNewPassword = 'bob-N3w-Pl41ntext-password';

let api: ApiUnderTest;
let folder: { path: string; remove: () => Promise<void> };
let admin: NodeJS.ProcessEnv;
const printed: string[] = [];

beforeAll(async () => {
  api = await startApi('setpoint');
  folder = await tempFolder('cli-remote-accounts');
  admin = isolatedEnvironment(join(folder.path, 'admin'), {
    SETPOINT_SERVER: api.url,
    SETPOINT_TOKEN: await tokenOf('admin', ADMIN_PASSWORD),
  });
});
afterAll(async () => {
  await api?.stop();
  await folder?.remove();
});

async function tokenOf(user: string, password: string): Promise<string> {
  const answer = await api.anonymous.post('/api/v1/session', { user, password, token: { name: 'test' } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.token as string;
}

async function setpoint(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  const run = await runCli(args, { cwd: folder.path, env, ...(input !== undefined ? { input } : {}) });
  printed.push(run.stdout, run.stderr);
  return run;
}

function ok(run: CliResult): CliResult {
  expect(run.status, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
  return run;
}

describe('setpoint user', slow, () => {
  test('an admin adds a user with grants, changes the grants, disables and enables them', async () => {
    const added = ok(
      await setpoint(
        ['user', 'add', 'bob', '--grant', 'editor:hack', '--password-stdin'],
        admin,
        `${bobPassword}\n`,
      ),
    );
    expect(added.stdout).toBe('added user bob with grants: editor on hack/\n');
    expect(await tokenOf('bob', bobPassword)).toMatch(/^spt_/);

    const list = ok(await setpoint(['user', 'ls'], admin)).stdout;
    expect(list).toMatch(/^NAME\s+GRANTS\s+DISABLED\s+CREATED\n/);
    expect(list).toMatch(/^bob\s+editor on hack\/\s+no\s+\d{4}-/m);
    expect(list).toMatch(/^admin\s+admin on everything\s+no/m);

    ok(await setpoint(['user', 'grant', 'bob', 'viewer', 'ops/'], admin));
    const regranted = ok(await setpoint(['user', 'grant', 'bob', 'publisher', 'hack/'], admin));
    expect(regranted.stdout).toBe('bob now holds: viewer on ops/, publisher on hack/\n');
    const revoked = JSON.parse(ok(await setpoint(['user', 'revoke', 'bob', 'ops', '--json'], admin)).stdout);
    expect(revoked).toMatchObject({ name: 'bob', grants: [{ role: 'publisher', prefix: 'hack/' }] });
    expect(ok(await setpoint(['user', 'revoke', 'bob', 'ops/'], admin)).stdout).toContain('nothing changed');

    ok(await setpoint(['user', 'disable', 'bob'], admin));
    const login = await setpoint(
      ['login', '--server', api.url, '--user', 'bob', '--password-stdin'],
      isolatedEnvironment(join(folder.path, 'bob')),
      bobPassword,
    );
    expect(login.status).toBe(5);
    expect(login.stderr).toContain('LOGIN_FAILED');
    const enabled = JSON.parse(ok(await setpoint(['user', 'enable', 'bob', '--json'], admin)).stdout);
    expect(enabled.disabled).toBe(false);

    const badGrant = await setpoint(['user', 'grant', 'bob', 'owner', 'hack/'], admin);
    expect(badGrant.status).toBe(2);
    expect(badGrant.stderr).toContain('viewer, editor, publisher, admin');
    const missing = await setpoint(['user', 'grant', 'nobody', 'viewer', 'hack/'], admin);
    expect(missing.status).toBe(4);
    expect(missing.stderr).toContain('USER_NOT_FOUND');
    const taken = await setpoint(['user', 'add', 'bob', '--password-stdin'], admin, `${bobPassword}\n`);
    expect(taken.status).toBe(3);
    expect(taken.stderr).toContain('USER_EXISTS');
    const weak = await setpoint(['user', 'add', 'carol', '--password-stdin'], admin, 'short\n');
    expect(weak.status).toBe(2);
    expect(weak.stderr).toContain('PASSWORD_TOO_WEAK');
  });

  test('a user changes their own password with the current one; a non-admin may not list users', async () => {
    const bob = isolatedEnvironment(join(folder.path, 'bob'));
    ok(await setpoint(['login', '--server', api.url, '--user', 'bob', '--password-stdin'], bob, bobPassword));
    const wrong = await setpoint(
      ['user', 'passwd', '--password-stdin'],
      bob,
      `not-my-password\n${bobNewPassword}\n`,
    );
    expect(wrong.status).toBe(5);
    expect(wrong.stderr).toContain('CURRENT_PASSWORD_WRONG');
    ok(await setpoint(['user', 'passwd', '--password-stdin'], bob, `${bobPassword}\n${bobNewPassword}\n`));
    expect(await tokenOf('bob', bobNewPassword)).toMatch(/^spt_/);

    const denied = await setpoint(['user', 'ls'], bob);
    expect(denied.status).toBe(5);
    expect(denied.stderr).toContain('ACCESS_DENIED');

    // An admin sets another user's password without theirs.
    ok(await setpoint(['user', 'passwd', 'bob', '--password-stdin'], admin, `${bobPassword}\n`));
    expect(await tokenOf('bob', bobPassword)).toMatch(/^spt_/);
  });

  test('an admin deletes a user, whose tokens stop working', async () => {
    const token = await tokenOf('bob', bobPassword);
    ok(await setpoint(['user', 'rm', 'bob'], admin));
    expect((await api.as(token).get('/api/v1/session')).status).toBe(401);
    expect((await setpoint(['user', 'rm', 'bob'], admin)).status).toBe(4);
    expect(ok(await setpoint(['user', 'ls', '--json'], admin)).stdout).not.toContain('"bob"');
  });
});

describe('setpoint token', slow, () => {
  test('create prints the token once, ls lists it, revoke by name ends it', async () => {
    const created = ok(await setpoint(['token', 'create', 'ci deploy', '--expires-in-days', '30'], admin));
    const token = created.stdout.trim();
    expect(token).toMatch(/^spt_[A-Za-z0-9_-]+$/);
    expect(created.stderr).toContain("created token 'ci deploy' of admin");
    const ci = { ...admin, SETPOINT_TOKEN: token };

    const list = ok(await setpoint(['token', 'ls'], ci)).stdout;
    expect(list).toMatch(/^ID\s+OWNER\s+NAME\s+CREATED\s+LAST USED\s+EXPIRES\n/);
    expect(list).toMatch(/^[0-9a-f]{12}\*\s+admin\s+ci deploy\s+/m);
    expect(list).not.toContain(token);
    const tokens = JSON.parse(ok(await setpoint(['token', 'ls', '--json'], admin)).stdout).tokens;
    expect(tokens.find((t: { name: string }) => t.name === 'ci deploy')).toMatchObject({ owner: 'admin' });

    ok(await setpoint(['token', 'revoke', 'ci deploy'], admin));
    const after = await setpoint(['ls'], ci);
    expect(after.status).toBe(5);
    expect(after.stderr).toContain('NOT_SIGNED_IN');
    const again = await setpoint(['token', 'revoke', 'ci deploy'], admin);
    expect(again.status).toBe(4);
    const badDays = await setpoint(['token', 'create', 'x', '--expires-in-days', 'forever'], admin);
    expect(badDays.status).toBe(2);
  });
});

describe('HTTPS', slow, () => {
  let https: ApiServer;
  let caCert: string;

  beforeAll(async () => {
    const tls = await makeTestCertificates(folder.path);
    caCert = tls.caCert;
    https = await startApiServer(api.client, {
      listen: '127.0.0.1:0',
      logger: createLogger('cli-https-test'),
      version: 'test',
      tls: { certFile: tls.serverCert, keyFile: tls.serverKey },
    });
  });
  afterAll(async () => {
    await https?.close();
  });

  test('the server is verified with --cacert or SETPOINT_CACERT, and refused without', async () => {
    expect(https.url).toMatch(/^https:/);
    const env = { ...admin, SETPOINT_SERVER: https.url };
    const untrusted = await setpoint(['ls'], env);
    expect(untrusted.status).toBe(1);
    expect(untrusted.stderr).toContain('SERVER_CERTIFICATE_UNTRUSTED');
    expect(untrusted.stderr).toContain('--cacert');
    ok(await setpoint(['ls', '--cacert', caCert], env));
    ok(await setpoint(['ls'], { ...env, SETPOINT_CACERT: caCert }));

    const login = ok(
      await setpoint(
        ['login', '--server', https.url, '--user', 'admin', '--password-stdin', '--cacert', caCert],
        isolatedEnvironment(join(folder.path, 'https-admin')),
        ADMIN_PASSWORD,
      ),
    );
    expect(login.stdout).toContain(`signed in to ${https.url} as admin`);
    const missing = await setpoint(['ls', '--cacert', join(folder.path, 'no-such-ca.pem')], env);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('CACERT_UNREADABLE');
  });
});

describe('secrecy', () => {
  test('no run printed a password', () => {
    expect(printed.length).toBeGreaterThan(20);
    for (const output of printed) {
      expect(output).not.toContain(bobPassword);
      expect(output).not.toContain(bobNewPassword);
      expect(output).not.toContain(ADMIN_PASSWORD);
    }
  });
});
