// Parses etcd endpoints as etcdctl's `--endpoints` and the agent's `ETCD_HOST` take them.
import { isIP } from 'node:net';
import { InvalidEndpointError } from './errors.js';

/**
 * One etcd member to dial.
 *
 * @example
 * const [first] = parseEndpoints('https://etcd-1:2379'); // first.address === 'etcd-1:2379'
 */
export interface Endpoint {
  /** `https` or `http` when the endpoint was written as a URL, `undefined` for bare `host:port`. */
  readonly scheme: 'http' | 'https' | undefined;
  /** Host name or IP address; IPv6 without brackets. */
  readonly host: string;
  readonly port: number;
  /** `host:port` as gRPC dials it (IPv6 in brackets). */
  readonly address: string;
}

/**
 * Where the endpoints came from, for error messages.
 *
 * @example
 * resolveEndpoints(undefined, process.env).source; // 'ETCD_HOST' when that variable is set
 */
export type EndpointSource = 'option' | 'ETCD_HOST' | 'default';

/**
 * The endpoint etcdctl dials when told none.
 *
 * @example
 * parseEndpoints(defaultEndpoint); // [{ host: '127.0.0.1', port: 2379, ... }]
 */
export const defaultEndpoint = '127.0.0.1:2379';

/**
 * Parses a comma-separated endpoint list (or a list of them): `host:port`, `http://host:port` or
 * `https://host:port`, IPv6 in brackets. All URLs must share one scheme.
 *
 * @example
 * parseEndpoints('https://etcd-1:2379,https://etcd-2:2379');
 * // [{ scheme: 'https', host: 'etcd-1', port: 2379, address: 'etcd-1:2379' }, ...]
 */
export function parseEndpoints(list: string | readonly string[]): Endpoint[] {
  const items = (typeof list === 'string' ? [list] : list).flatMap((item) => item.split(','));
  const whole = typeof list === 'string' ? list : list.join(',');
  if (items.every((item) => item.trim() === '')) {
    throw new InvalidEndpointError(whole, 'no endpoint given');
  }
  const endpoints = items.map((item, index) => {
    if (item.trim() === '') {
      throw new InvalidEndpointError(whole, `endpoint ${index + 1} of the list is empty`);
    }
    return parseEndpoint(item.trim());
  });
  const schemes = new Set(endpoints.map((endpoint) => endpoint.scheme ?? 'none'));
  if (schemes.has('http') && schemes.has('https')) {
    throw new InvalidEndpointError(whole, 'mixes http:// and https:// endpoints; use one scheme for all');
  }
  return endpoints;
}

/**
 * Parses one endpoint: `host:port`, `http://host:port` or `https://host:port`.
 *
 * @example
 * parseEndpoint('[::1]:2379'); // { scheme: undefined, host: '::1', port: 2379, address: '[::1]:2379' }
 */
export function parseEndpoint(text: string): Endpoint {
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(text);
  const scheme = schemeMatch?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    throw new InvalidEndpointError(text, `scheme '${scheme}://' is not supported, only http:// and https://`);
  }
  let url: URL;
  try {
    url = new URL(scheme === undefined ? `http://${text}` : text);
  } catch {
    throw new InvalidEndpointError(text, 'it is not a host:port or a URL');
  }
  if (url.username !== '' || url.password !== '') {
    throw new InvalidEndpointError(text, 'credentials do not belong in the endpoint; use --user');
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw new InvalidEndpointError(text, 'an endpoint has no path, query or fragment');
  }
  if (url.hostname === '') throw new InvalidEndpointError(text, 'no host');
  // URL drops a port equal to the scheme's default, so read the port from the text itself.
  const portMatch = /:(\d+)\/?$/.exec(text);
  if (portMatch?.[1] === undefined) {
    throw new InvalidEndpointError(text, "no port; etcd's client port is usually 2379, as in 'host:2379'");
  }
  const port = Number(portMatch[1]);
  if (port < 1 || port > 65_535) throw new InvalidEndpointError(text, `port ${port} is out of range`);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const address = isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
  return { scheme: scheme === 'http' || scheme === 'https' ? scheme : undefined, host, port, address };
}

/**
 * Picks the endpoints to use: the given ones, else `ETCD_HOST`, else etcdctl's default
 * `127.0.0.1:2379`; says which it used.
 *
 * @example
 * resolveEndpoints(undefined, { ETCD_HOST: 'etcd:2379' }); // { endpoints: [...], source: 'ETCD_HOST' }
 */
export function resolveEndpoints(
  given: string | readonly string[] | undefined,
  env: NodeJS.ProcessEnv,
): { endpoints: Endpoint[]; source: EndpointSource } {
  if (given !== undefined && (typeof given !== 'string' || given.trim() !== '')) {
    return { endpoints: parseEndpoints(given), source: 'option' };
  }
  const fromEnv = env.ETCD_HOST;
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { endpoints: parseEndpoints(fromEnv), source: 'ETCD_HOST' };
  }
  return { endpoints: parseEndpoints(defaultEndpoint), source: 'default' };
}

/**
 * Writes endpoints back as a comma-separated list, with their scheme when they had one.
 *
 * @example
 * formatEndpoints(parseEndpoints('a:1,b:2')); // 'a:1,b:2'
 */
export function formatEndpoints(endpoints: readonly Endpoint[]): string {
  return endpoints.map((e) => (e.scheme ? `${e.scheme}://${e.address}` : e.address)).join(',');
}
