// Unit tests of the Keystone v3 parts: tokens URL, request body, endpoint choice, renewal time.
import { describe, expect, it } from 'vitest';
import { SwiftEndpointNotFoundError } from './errors.js';
import {
  type KeystoneCatalogService,
  keystoneTokenRequest,
  keystoneTokensUrl,
  selectObjectStoreEndpoint,
  tokenRenewAt,
} from './keystone.js';

describe('keystoneTokensUrl', () => {
  it.each([
    ['https://k:5000', 'https://k:5000/v3/auth/tokens'],
    ['https://k:5000/', 'https://k:5000/v3/auth/tokens'],
    ['https://k:5000/v3', 'https://k:5000/v3/auth/tokens'],
    ['https://k:5000/v3/', 'https://k:5000/v3/auth/tokens'],
    ['https://k/identity', 'https://k/identity/v3/auth/tokens'],
    ['https://k/identity/v3', 'https://k/identity/v3/auth/tokens'],
  ])('%s -> %s', (authUrl, expected) => expect(keystoneTokensUrl(authUrl)).toBe(expected));
});

describe('keystoneTokenRequest', () => {
  it('scopes a password to a project by name in its domain', () => {
    expect(
      keystoneTokenRequest({
        kind: 'keystone',
        authUrl: 'http://k/v3',
        credential: {
          method: 'password',
          user: 'u',
          password: 'p',
          userDomain: { name: 'Default' },
          project: { name: 'ops' },
          projectDomain: { id: 'default' },
        },
      }),
    ).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'u', domain: { name: 'Default' }, password: 'p' } },
        },
        scope: { project: { name: 'ops', domain: { id: 'default' } } },
      },
    });
  });

  it('scopes to a project id without a domain, and sends an application credential unscoped', () => {
    const byId = keystoneTokenRequest({
      kind: 'keystone',
      authUrl: 'http://k/v3',
      credential: {
        method: 'password',
        user: 'u',
        password: 'p',
        userDomain: { name: 'Default' },
        project: { id: 'p-1' },
        projectDomain: { name: 'Default' },
      },
    });
    expect(byId).toMatchObject({ auth: { scope: { project: { id: 'p-1' } } } });
    expect(
      keystoneTokenRequest({
        kind: 'keystone',
        authUrl: 'http://k/v3',
        credential: { method: 'application_credential', id: 'a', secret: 's' },
      }),
    ).toEqual({
      auth: {
        identity: { methods: ['application_credential'], application_credential: { id: 'a', secret: 's' } },
      },
    });
  });
});

describe('selectObjectStoreEndpoint', () => {
  const catalog: KeystoneCatalogService[] = [
    { type: 'identity', endpoints: [{ url: 'http://k/v3', interface: 'public', region: 'One' }] },
    {
      type: 'object-store',
      endpoints: [
        { url: 'http://one-public/v1/AUTH_p/', interface: 'public', region: 'One' },
        { url: 'http://one-internal/v1/AUTH_p', interface: 'internal', region: 'One' },
        { url: 'http://two-public/v1/AUTH_p', interface: 'public', region: null, region_id: 'Two' },
        { url: 'http://two-internal/v1/AUTH_p', interface: 'internal', region: 'Two' },
      ],
    },
  ];

  it.each([
    [{}, 'http://one-public/v1/AUTH_p'],
    [{ interface: 'internal' as const }, 'http://one-internal/v1/AUTH_p'],
    [{ region: 'Two' }, 'http://two-public/v1/AUTH_p'],
    [{ region: 'Two', interface: 'internal' as const }, 'http://two-internal/v1/AUTH_p'],
  ])('%j -> %s', (wanted, url) => expect(selectObjectStoreEndpoint(catalog, wanted)).toBe(url));

  it('names the region and interface asked for and what the catalog offers', () => {
    expect(() => selectObjectStoreEndpoint(catalog, { region: 'Three' })).toThrow(SwiftEndpointNotFoundError);
    expect(() => selectObjectStoreEndpoint(catalog, { region: 'Three' }, 'http://k/v3/auth/tokens')).toThrow(
      "the catalog from http://k/v3/auth/tokens has no object-store endpoint for region 'Three' and interface " +
        "'public'; it offers One/public, One/internal, Two/public, Two/internal: set OS_REGION_NAME and OS_INTERFACE",
    );
    expect(() => selectObjectStoreEndpoint([], {})).toThrow(/lists no object-store service at all/);
  });
});

describe('tokenRenewAt', () => {
  const at = (iso: string) => Date.parse(iso);

  it('renews an hour-long token one minute before it expires', () => {
    expect(tokenRenewAt('2030-01-01T01:00:00.000000Z', '2030-01-01T00:00:00.000000Z')).toBe(
      at('2030-01-01T00:59:00Z'),
    );
  });

  it('renews a short token a tenth of its lifetime before', () => {
    expect(tokenRenewAt('2030-01-01T00:00:10.000000Z', '2030-01-01T00:00:00.000000Z')).toBe(
      at('2030-01-01T00:00:09Z'),
    );
  });

  it('counts from now without issued_at, and never renews without expires_at', () => {
    expect(tokenRenewAt('2030-01-01T00:00:10Z', undefined, at('2030-01-01T00:00:00Z'))).toBe(
      at('2030-01-01T00:00:09Z'),
    );
    expect(tokenRenewAt(undefined, undefined)).toBeUndefined();
    expect(tokenRenewAt('never', undefined)).toBeUndefined();
  });
});
