// `setpoint keys generate` and `setpoint secrets seal / open`, run as a user runs them.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runSetpoint } from '../support/cli.js';
import { tempFolder } from '../support/ports.js';

let folder: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  folder = await tempFolder('cli-secrets');
});
afterAll(async () => {
  await folder?.remove();
});

function setpoint(args: string[], input?: string | Buffer) {
  const run = runSetpoint(args, { cwd: folder.path, input });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr.toString('utf8') };
}

const plaintext = 'sw1ft-p@ss\nword with a newline and ünïcode';

describe('keys generate', () => {
  test('writes a private key only its owner can read and a public key beside it, and will not overwrite them', () => {
    const made = setpoint(['keys', 'generate', 'team-a', '--bits', '2048', '--json']);
    expect(made.stderr).toBe('');
    const result = JSON.parse(made.stdout.toString()) as {
      privatePath: string;
      publicPath: string;
      keyId: string;
    };
    expect(statSync(join(folder.path, 'team-a')).mode & 0o777).toBe(0o600);
    expect(statSync(join(folder.path, 'team-a.pub')).mode & 0o777).toBe(0o644);
    expect(result.keyId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = setpoint(['keys', 'generate', 'team-a', '--bits', '2048']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/team-a/);
    expect(setpoint(['keys', 'generate', 'edge', '--type', 'x25519']).status).toBe(0);
  });
});

describe('secrets seal and open', () => {
  beforeAll(() => {
    // An id_rsa as the original agent was given one, from the real ssh-keygen.
    execFileSync('/usr/bin/ssh-keygen', ['-q', '-t', 'rsa', '-b', '3072', '-N', '', '-f', 'id_rsa'], {
      cwd: folder.path,
    });
  });

  test('a value sealed to an id_rsa.pub and an X25519 key opens with either private key, byte for byte', () => {
    const sealed = setpoint(
      ['secrets', 'seal', '--key', 'hack/storage/swift/password', '--recipient', 'id_rsa.pub', 'edge.pub'],
      plaintext,
    );
    expect(sealed.status, sealed.stderr).toBe(0);
    const value = sealed.stdout.toString().trim();
    expect(value.startsWith('setpoint:sealed:v1:')).toBe(true);
    expect(value).not.toContain('sw1ft');
    for (const privateKey of ['id_rsa', 'edge']) {
      const opened = setpoint(
        ['secrets', 'open', '--key', 'hack/storage/swift/password', '--private-key', privateKey],
        value,
      );
      expect(opened.status, opened.stderr).toBe(0);
      expect(opened.stdout.toString('utf8')).toBe(plaintext);
    }
  });

  test('under another key, or with a key it was not sealed to, it does not open, and says so without the plaintext', () => {
    const value = setpoint(
      ['secrets', 'seal', '--key', 'team-a/token', '--recipient', 'id_rsa.pub'],
      plaintext,
    )
      .stdout.toString()
      .trim();
    for (const [key, privateKey] of [
      ['team-b/token', 'id_rsa'],
      ['team-a/token', 'team-a'],
    ] as const) {
      const refused = setpoint(['secrets', 'open', '--key', key, '--private-key', privateKey], value);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(`'${key}'`);
      expect(refused.stderr).toMatch(/private key does not match|altered/);
      expect(refused.stdout.length).toBe(0);
      expect(refused.stderr).not.toContain('sw1ft');
    }
  });

  test('a plain value is refused as not sealed', () => {
    const refused = setpoint(['secrets', 'open', '--key', 'k', '--private-key', 'id_rsa'], 'just text');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('not a sealed value');
  });
});
