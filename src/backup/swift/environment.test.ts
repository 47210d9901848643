// Unit tests of reading Swift credentials from the environment, as python-swiftclient reads them.
import { describe, expect, it } from 'vitest';
import { parseInterface, swiftAuthFromEnvironment } from './environment.js';
import { SwiftConfigInvalidError, SwiftConfigMissingError } from './errors.js';

const keystone = {
  OS_AUTH_URL: 'https://keystone.example:5000/v3',
  OS_USERNAME: 'backup',
  OS_PASSWORD: 'pw-secret-1',
  OS_PROJECT_NAME: 'ops',
};

function missingOf(env: Record<string, string>): readonly string[] {
  try {
    swiftAuthFromEnvironment(env);
  } catch (err) {
    if (err instanceof SwiftConfigMissingError) {
      expect(err.code).toBe('SWIFT_CONFIG_MISSING');
      return err.missing;
    }
    throw err;
  }
  throw new Error('no error');
}

describe('swiftAuthFromEnvironment', () => {
  it('reads TempAuth from ST_AUTH, ST_USER, ST_KEY', () => {
    expect(
      swiftAuthFromEnvironment({ ST_AUTH: 'http://s:8080/auth/v1.0', ST_USER: 'test:tester', ST_KEY: 'k' }),
    ).toEqual({ kind: 'tempauth', authUrl: 'http://s:8080/auth/v1.0', user: 'test:tester', key: 'k' });
  });

  it('prefers ST_AUTH over OS_AUTH_URL, as python-swiftclient does', () => {
    const auth = swiftAuthFromEnvironment({
      ...keystone,
      ST_AUTH: 'http://s/auth/v1.0',
      ST_USER: 'a:b',
      ST_KEY: 'k',
    });
    expect(auth.kind).toBe('tempauth');
  });

  it('reads a Keystone v3 password with Default domains and the public interface by default', () => {
    expect(swiftAuthFromEnvironment(keystone)).toEqual({
      kind: 'keystone',
      authUrl: 'https://keystone.example:5000/v3',
      credential: {
        method: 'password',
        user: 'backup',
        password: 'pw-secret-1',
        userDomain: { name: 'Default' },
        project: { name: 'ops' },
        projectDomain: { name: 'Default' },
      },
    });
  });

  it('reads domains, region and interface when given; ids where names are absent', () => {
    const auth = swiftAuthFromEnvironment({
      ...keystone,
      OS_PROJECT_NAME: '',
      OS_PROJECT_ID: 'p-123',
      OS_USER_DOMAIN_NAME: 'people',
      OS_PROJECT_DOMAIN_ID: 'd-9',
      OS_REGION_NAME: 'RegionTwo',
      OS_INTERFACE: 'internal',
    });
    expect(auth).toMatchObject({
      region: 'RegionTwo',
      interface: 'internal',
      credential: { userDomain: { name: 'people' }, project: { id: 'p-123' }, projectDomain: { id: 'd-9' } },
    });
  });

  it('reads an application credential, which needs no user or project', () => {
    expect(
      swiftAuthFromEnvironment({
        OS_AUTH_URL: 'https://keystone.example:5000',
        OS_APPLICATION_CREDENTIAL_ID: 'app-1',
        OS_APPLICATION_CREDENTIAL_SECRET: 'app-secret',
        OS_REGION_NAME: 'RegionOne',
      }),
    ).toEqual({
      kind: 'keystone',
      authUrl: 'https://keystone.example:5000',
      credential: { method: 'application_credential', id: 'app-1', secret: 'app-secret' },
      region: 'RegionOne',
    });
  });

  it.each([
    [{}, ['ST_AUTH or OS_AUTH_URL']],
    [{ ST_AUTH: 'http://s/auth/v1.0' }, ['ST_USER', 'ST_KEY']],
    [{ ST_AUTH: 'http://s/auth/v1.0', ST_USER: 'a:b', ST_KEY: '  ' }, ['ST_KEY']],
    [{ OS_AUTH_URL: 'http://k/v3' }, ['OS_USERNAME', 'OS_PASSWORD', 'OS_PROJECT_NAME']],
    [{ ...keystone, OS_PROJECT_NAME: undefined }, ['OS_PROJECT_NAME']],
    [{ OS_AUTH_URL: 'http://k/v3', OS_APPLICATION_CREDENTIAL_ID: 'x' }, ['OS_APPLICATION_CREDENTIAL_SECRET']],
    [{ OS_AUTH_URL: 'http://k/v3', OS_APPLICATION_CREDENTIAL_SECRET: 's' }, ['OS_APPLICATION_CREDENTIAL_ID']],
  ] as [Record<string, string>, string[]][])('names what is missing: %j', (env, missing) => {
    expect(missingOf(env)).toEqual(missing);
  });

  it('says what to set, without the values of the variables that are set', () => {
    expect(() =>
      swiftAuthFromEnvironment({ OS_AUTH_URL: 'http://k/v3', OS_PASSWORD: 'pw-secret-1' }),
    ).toThrow(/OS_USERNAME, OS_PROJECT_NAME not set; for Keystone v3 set OS_AUTH_URL with OS_USERNAME/);
    expect(() =>
      swiftAuthFromEnvironment({ OS_AUTH_URL: 'http://k/v3', OS_PASSWORD: 'pw-secret-1' }),
    ).not.toThrow(/pw-secret-1/);
  });

  it('refuses an auth URL that is not http(s), or holds a password, without echoing the password', () => {
    expect(() => swiftAuthFromEnvironment({ ...keystone, OS_AUTH_URL: 'keystone:5000' })).toThrow(
      SwiftConfigInvalidError,
    );
    let message = '';
    try {
      swiftAuthFromEnvironment({ ST_AUTH: 'http://u:hunter22@s/auth/v1.0', ST_USER: 'a:b', ST_KEY: 'k' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/ST_AUTH must not hold a user or password/);
    expect(message).not.toContain('hunter22');
  });
});

describe('parseInterface', () => {
  it.each([
    ['public', 'public'],
    ['internal', 'internal'],
    ['admin', 'admin'],
    ['publicURL', 'public'],
    ['internalURL', 'internal'],
  ])('%s -> %s', (given, expected) => {
    expect(parseInterface(given)).toBe(expected);
  });

  it('refuses anything else, naming the choices', () => {
    expect(() => parseInterface('outside')).toThrow(/must be public, internal or admin/);
  });
});
