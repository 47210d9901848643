// Endpoint syntax: what etcdctl's --endpoints and ETCD_HOST accept, and what they refuse.
import { describe, expect, it } from 'vitest';
import { formatEndpoints, parseEndpoint, parseEndpoints, resolveEndpoints } from './endpoints.js';
import { InvalidEndpointError } from './errors.js';

describe('parseEndpoint', () => {
  it.each([
    ['127.0.0.1:2379', { scheme: undefined, host: '127.0.0.1', port: 2379, address: '127.0.0.1:2379' }],
    ['etcd-1:2379', { scheme: undefined, host: 'etcd-1', port: 2379, address: 'etcd-1:2379' }],
    ['http://etcd-1:2379', { scheme: 'http', host: 'etcd-1', port: 2379, address: 'etcd-1:2379' }],
    ['https://etcd-1:2379/', { scheme: 'https', host: 'etcd-1', port: 2379, address: 'etcd-1:2379' }],
    ['HTTPS://Etcd-1:443', { scheme: 'https', host: 'etcd-1', port: 443, address: 'etcd-1:443' }],
    ['http://etcd-1:80', { scheme: 'http', host: 'etcd-1', port: 80, address: 'etcd-1:80' }],
    ['[::1]:2379', { scheme: undefined, host: '::1', port: 2379, address: '[::1]:2379' }],
    ['https://[fe80::1]:2379', { scheme: 'https', host: 'fe80::1', port: 2379, address: '[fe80::1]:2379' }],
  ])('reads %s', (text, expected) => {
    expect(parseEndpoint(text)).toEqual(expected);
  });

  it.each([
    ['etcd-1', /no port/],
    ['https://etcd-1', /no port/],
    ['etcd-1:0', /port 0 is out of range/],
    ['etcd-1:70000', /not a host:port|out of range/],
    ['etcd-1:abc', /not a host:port/],
    ['unix:///run/etcd.sock', /scheme 'unix:\/\/' is not supported/],
    ['grpc://etcd-1:2379', /scheme 'grpc:\/\/' is not supported/],
    ['http://etcd-1:2379/v3', /no path/],
    ['http://root:pw@etcd-1:2379', /credentials do not belong/],
    [':2379', /not a host:port|no host/],
  ])('refuses %s', (text, reason) => {
    const attempt = () => parseEndpoint(text);
    expect(attempt).toThrow(InvalidEndpointError);
    expect(attempt).toThrow(reason);
  });

  it('names the endpoint and the accepted forms in its error', () => {
    try {
      parseEndpoint('etcd-1');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidEndpointError);
      const error = err as InvalidEndpointError;
      expect(error.code).toBe('ETCD_INVALID_ENDPOINT');
      expect(error.endpoint).toBe('etcd-1');
      expect(error.message).toContain("'host:2379'");
    }
  });
});

describe('parseEndpoints', () => {
  it('splits a comma-separated list and trims spaces', () => {
    const endpoints = parseEndpoints(' a:1, b:2 ,c:3');
    expect(endpoints.map((e) => e.address)).toEqual(['a:1', 'b:2', 'c:3']);
  });

  it('accepts a list whose items are themselves comma-separated', () => {
    expect(parseEndpoints(['a:1,b:2', 'c:3']).map((e) => e.address)).toEqual(['a:1', 'b:2', 'c:3']);
  });

  it.each([
    ['', /no endpoint given/],
    [' , ', /no endpoint given/],
    ['a:1,,b:2', /endpoint 2 of the list is empty/],
    ['http://a:1,https://b:2', /mixes http:\/\/ and https:\/\//],
  ])('refuses %j', (text, reason) => {
    expect(() => parseEndpoints(text)).toThrow(reason);
  });

  it('allows bare host:port next to URLs of one scheme', () => {
    expect(parseEndpoints('https://a:1,b:2').map((e) => e.scheme)).toEqual(['https', undefined]);
  });
});

describe('resolveEndpoints', () => {
  it.each([
    ['the given endpoints first', 'a:1', { ETCD_HOST: 'b:2' }, 'a:1', 'option'],
    ['ETCD_HOST when none are given', undefined, { ETCD_HOST: 'b:2,c:3' }, 'b:2,c:3', 'ETCD_HOST'],
    ['ETCD_HOST when the given list is blank', '  ', { ETCD_HOST: 'b:2' }, 'b:2', 'ETCD_HOST'],
    ["etcdctl's default when neither is set", undefined, {}, '127.0.0.1:2379', 'default'],
    ["etcdctl's default when ETCD_HOST is empty", undefined, { ETCD_HOST: '' }, '127.0.0.1:2379', 'default'],
  ] as const)('uses %s', (_name, given, env, expected, source) => {
    const resolved = resolveEndpoints(given, env);
    expect(formatEndpoints(resolved.endpoints)).toBe(expected);
    expect(resolved.source).toBe(source);
  });

  it('checks ETCD_HOST with the same syntax', () => {
    expect(() => resolveEndpoints(undefined, { ETCD_HOST: 'etcd' })).toThrow(InvalidEndpointError);
  });
});

describe('formatEndpoints', () => {
  it('writes the scheme back when there was one', () => {
    expect(formatEndpoints(parseEndpoints('https://a:1,https://[::1]:2'))).toBe(
      'https://a:1,https://[::1]:2',
    );
  });
});
