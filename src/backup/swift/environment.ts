// Swift credentials from the usual OpenStack variables, read as python-swiftclient and restic read them.
import type { EndpointInterface, KeystoneName, SwiftAuth } from './auth-settings.js';
import { SwiftConfigInvalidError, SwiftConfigMissingError } from './errors.js';

const tempAuthAdvice = 'for TempAuth set ST_AUTH, ST_USER and ST_KEY';
const keystoneAdvice =
  'for Keystone v3 set OS_AUTH_URL with OS_USERNAME, OS_PASSWORD and OS_PROJECT_NAME ' +
  '(OS_USER_DOMAIN_NAME and OS_PROJECT_DOMAIN_NAME default to Default), or OS_AUTH_URL with ' +
  'OS_APPLICATION_CREDENTIAL_ID and OS_APPLICATION_CREDENTIAL_SECRET';

/**
 * Reads Swift credentials from environment variables: `ST_AUTH`, `ST_USER`, `ST_KEY` (TempAuth v1;
 * they win when `ST_AUTH` is set, as in python-swiftclient), else `OS_AUTH_URL` with either
 * `OS_APPLICATION_CREDENTIAL_ID`/`_SECRET` or `OS_USERNAME`, `OS_PASSWORD`, `OS_PROJECT_NAME` (or
 * `OS_PROJECT_ID`), `OS_USER_DOMAIN_NAME`/`_ID` and `OS_PROJECT_DOMAIN_NAME`/`_ID` (default
 * `Default`), plus `OS_REGION_NAME` and `OS_INTERFACE` (`public`, `internal`, `admin`; default
 * `public`; `OS_ENDPOINT_TYPE` and `publicURL` spellings accepted). Empty variables count as unset.
 * Throws `SwiftConfigMissingError` naming what is missing.
 *
 * @example
 * const auth = swiftAuthFromEnvironment(process.env);
 * const client = new SwiftClient({ auth });
 */
export function swiftAuthFromEnvironment(env: Readonly<Record<string, string | undefined>>): SwiftAuth {
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const requireAll = (names: string[], advice: string): string[] => {
    const missing = names.filter((name) => get(name) === undefined);
    if (missing.length > 0) throw new SwiftConfigMissingError(missing, advice);
    return names.map((name) => get(name) ?? '');
  };

  const stAuth = get('ST_AUTH');
  if (stAuth !== undefined) {
    const [authUrl, user, key] = requireAll(['ST_AUTH', 'ST_USER', 'ST_KEY'], tempAuthAdvice) as [
      string,
      string,
      string,
    ];
    return { kind: 'tempauth', authUrl: checkedUrl('ST_AUTH', authUrl), user, key };
  }

  const osAuthUrl = get('OS_AUTH_URL');
  if (osAuthUrl === undefined) {
    throw new SwiftConfigMissingError(['ST_AUTH or OS_AUTH_URL'], `${tempAuthAdvice}; ${keystoneAdvice}`);
  }
  const authUrl = checkedUrl('OS_AUTH_URL', osAuthUrl);
  const region = get('OS_REGION_NAME');
  const endpointInterface = parseInterface(get('OS_INTERFACE') ?? get('OS_ENDPOINT_TYPE'));
  const place = {
    ...(region === undefined ? {} : { region }),
    ...(endpointInterface === undefined ? {} : { interface: endpointInterface }),
  };

  if (get('OS_APPLICATION_CREDENTIAL_ID') !== undefined || get('OS_APPLICATION_CREDENTIAL_SECRET')) {
    const [id, secret] = requireAll(
      ['OS_APPLICATION_CREDENTIAL_ID', 'OS_APPLICATION_CREDENTIAL_SECRET'],
      'an application credential needs both its id and its secret',
    ) as [string, string];
    return {
      kind: 'keystone',
      authUrl,
      credential: { method: 'application_credential', id, secret },
      ...place,
    };
  }

  const missing = ['OS_USERNAME', 'OS_PASSWORD'].filter((name) => get(name) === undefined);
  const projectName = get('OS_PROJECT_NAME');
  const projectId = get('OS_PROJECT_ID');
  if (projectName === undefined && projectId === undefined) missing.push('OS_PROJECT_NAME');
  if (missing.length > 0) throw new SwiftConfigMissingError(missing, keystoneAdvice);
  const named = (nameVariable: string, idVariable: string): KeystoneName => {
    const id = get(idVariable);
    if (id !== undefined && get(nameVariable) === undefined) return { id };
    return { name: get(nameVariable) ?? 'Default' };
  };
  return {
    kind: 'keystone',
    authUrl,
    credential: {
      method: 'password',
      user: get('OS_USERNAME') ?? '',
      password: get('OS_PASSWORD') ?? '',
      userDomain: named('OS_USER_DOMAIN_NAME', 'OS_USER_DOMAIN_ID'),
      project: projectName !== undefined ? { name: projectName } : { id: projectId ?? '' },
      projectDomain: named('OS_PROJECT_DOMAIN_NAME', 'OS_PROJECT_DOMAIN_ID'),
    },
    ...place,
  };
}

function checkedUrl(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SwiftConfigInvalidError(
      `${variable} is not a URL: '${value}'; give it as http(s)://host:port/path`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials in the URL would end up in messages; they belong in their own variables.
    throw new SwiftConfigInvalidError(
      `${variable} must not hold a user or password; give them in their own variables`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SwiftConfigInvalidError(`${variable} must be an http:// or https:// URL, not '${value}'`);
  }
  return value;
}

/**
 * `public`, `internal` or `admin` from `OS_INTERFACE`; the v2 spellings `publicURL`,
 * `internalURL`, `adminURL` (python-swiftclient's endpoint types) are accepted too.
 *
 * @example
 * parseInterface('internalURL'); // 'internal'
 */
export function parseInterface(value: string | undefined): EndpointInterface | undefined {
  if (value === undefined) return undefined;
  const normal = value.toLowerCase().replace(/url$/, '');
  if (normal === 'public' || normal === 'internal' || normal === 'admin') return normal;
  throw new SwiftConfigInvalidError(
    `OS_INTERFACE is '${value}'; it must be public, internal or admin (the catalog's endpoint interfaces)`,
  );
}
