// The shared etcd flags: --endpoints, --cacert, --cert, --key, --user name[:password], --password.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { InvalidUserError } from './errors.js';
import { addEtcdFlags, type EtcdFlags, etcdConnectOptionsFromFlags, parseUser } from './flags.js';

describe('parseUser', () => {
  it.each([
    ['root:secret', undefined, { user: 'root', password: 'secret' }],
    ['root:se:cr:et', undefined, { user: 'root', password: 'se:cr:et' }],
    ['root:', undefined, { user: 'root', password: '' }],
    ['root', 'secret', { user: 'root', password: 'secret' }],
  ])('reads --user %s --password %s', (text, password, expected) => {
    expect(parseUser(text, password)).toEqual(expected);
  });

  it.each([
    [':secret', undefined, /empty user name/],
    ['root', undefined, /has no password.*--user root:PASSWORD/],
    ['root:a', 'b', /given twice/],
  ])('refuses --user %s --password %s', (text, password, reason) => {
    const attempt = () => parseUser(text, password);
    expect(attempt).toThrow(InvalidUserError);
    expect(attempt).toThrow(reason);
  });
});

describe('etcdConnectOptionsFromFlags', () => {
  it('maps every flag', () => {
    const flags: EtcdFlags = {
      endpoints: 'https://a:2379',
      cacert: 'ca.crt',
      cert: 'client.crt',
      key: 'client.key',
      user: 'root:pw',
    };
    expect(etcdConnectOptionsFromFlags(flags)).toEqual({
      endpoints: 'https://a:2379',
      tls: { caFile: 'ca.crt', certFile: 'client.crt', keyFile: 'client.key' },
      auth: { user: 'root', password: 'pw' },
    });
  });

  it('leaves endpoints unset so connect falls back to ETCD_HOST', () => {
    expect(etcdConnectOptionsFromFlags({})).toEqual({});
  });

  it('refuses --password without --user', () => {
    expect(() => etcdConnectOptionsFromFlags({ password: 'pw' })).toThrow(/without --user/);
  });
});

describe('addEtcdFlags', () => {
  it('declares the flags commander then hands to etcdConnectOptionsFromFlags', () => {
    const command = addEtcdFlags(new Command('agent')).exitOverride();
    command.parse(
      [
        '--endpoints',
        'a:1,b:2',
        '--cacert',
        'ca.crt',
        '--cert',
        'c.crt',
        '--key',
        'c.key',
        '--user',
        'u',
        '--password',
        'p',
      ],
      { from: 'user' },
    );
    expect(etcdConnectOptionsFromFlags(command.opts<EtcdFlags>())).toEqual({
      endpoints: 'a:1,b:2',
      tls: { caFile: 'ca.crt', certFile: 'c.crt', keyFile: 'c.key' },
      auth: { user: 'u', password: 'p' },
    });
  });
});
