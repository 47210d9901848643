// What `setpoint serve` will run, worked out from its flags before anything starts: a wrong flag or a
// weak SETPOINT_ADMIN_PASSWORD refuses the start while nothing has been made yet.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../../agent/duration.js';
import type { BackupServiceOptions } from '../../backup/backup-service.js';
import { parseRetentionPolicy } from '../../backup/retention/index.js';
import { parseSchedule } from '../../backup/schedule/index.js';
import { openTarget } from '../../backup/target/open-target.js';
import {
  type EtcdFlags as EtcdClientFlags,
  type EtcdConnectOptions,
  etcdConnectOptionsFromFlags,
  parseEndpoints,
} from '../../etcd/index.js';
import { checkPasswordPolicy, FIRST_ADMIN } from '../../server/auth/index.js';
import { parseListen } from '../../server/http/server.js';
import type { EtcdFlags as StoreFlags } from '../etcd.js';
import { readPublicKeyFile } from '../input.js';

/** What commander hands `serve`'s action: the store's flags, the shared etcd client flags, serve's own. */
export interface ServeFlags extends StoreFlags, EtcdClientFlags {
  etcd?: string;
  httpListen: string;
  tlsCert?: string;
  tlsKey?: string;
  backups: boolean;
  history: boolean;
  backupTarget?: string;
  backupSchedule: string;
  backupRetention: string;
  deltaInterval: string;
  backupRecipient?: string[];
  auditRetention: string;
}

/**
 * Everything `serve` starts, checked. `etcd` is the embedded store (with its flags) or an existing
 * cluster (with how to reach it).
 *
 * @example
 * const plan = await planServe(flags, { givenStoreFlags: [], env: process.env });
 * plan.etcd.kind; // 'embedded'
 */
export interface ServePlan {
  readonly http: { readonly listen: string; readonly tls?: { certFile: string; keyFile: string } };
  readonly etcd:
    | { readonly kind: 'embedded'; readonly store: StoreFlags }
    | { readonly kind: 'cluster'; readonly connect: EtcdConnectOptions };
  /** SETPOINT_ADMIN_PASSWORD, policy-checked; undefined: first start generates one. */
  readonly adminPassword: string | undefined;
  readonly history: boolean;
  /** Days the audit log keeps its entries; false: forever. */
  readonly auditRetentionDays: number | false;
  readonly backups?: Omit<BackupServiceOptions, 'logger'>;
  /** --delta-interval as written, for the banner. */
  readonly deltaInterval: string;
}

/**
 * A flag, a flag combination or SETPOINT_ADMIN_PASSWORD that `serve` refuses; it exits 2.
 *
 * @example
 * throw new ServeUsageError('give --tls-cert and --tls-key together');
 */
export class ServeUsageError extends Error {
  readonly code = 'SERVE_USAGE';
  override readonly name = 'ServeUsageError';
}

/**
 * Checks the flags and reads the files they name; throws `ServeUsageError` saying what to change.
 * `givenStoreFlags` are the embedded store's flags set on the command line (refused with --etcd).
 *
 * @example
 * await planServe({ ...flags, tlsCert: 'api.crt' }, { givenStoreFlags: [], env: {} });
 * // throws ServeUsageError: --tls-cert needs --tls-key ...
 */
export async function planServe(
  flags: ServeFlags,
  { givenStoreFlags, env }: { givenStoreFlags: readonly string[]; env: NodeJS.ProcessEnv },
): Promise<ServePlan> {
  const adminPassword = checkedAdminPassword(env.SETPOINT_ADMIN_PASSWORD);
  const http = await httpOptions(flags);
  const etcd = etcdShape(flags, givenStoreFlags);
  const backups = await backupOptions(flags, env).catch((err: unknown) => {
    throw usageError(err);
  });
  return {
    http,
    etcd,
    adminPassword,
    history: flags.history,
    auditRetentionDays: auditRetentionDays(flags.auditRetention),
    ...(backups !== undefined ? { backups } : {}),
    deltaInterval: flags.deltaInterval,
  };
}

function checkedAdminPassword(given: string | undefined): string | undefined {
  if (given === undefined || given === '') return undefined;
  try {
    checkPasswordPolicy(given, { userName: FIRST_ADMIN.name });
  } catch (err) {
    throw new ServeUsageError(
      `SETPOINT_ADMIN_PASSWORD: ${(err as Error).message}; set a stronger one, or unset it and a ` +
        'password is generated and shown once',
    );
  }
  return given;
}

async function httpOptions(flags: ServeFlags): Promise<ServePlan['http']> {
  try {
    parseListen(flags.httpListen);
  } catch (err) {
    throw new ServeUsageError(`--http-listen (or SETPOINT_HTTP_LISTEN): ${(err as Error).message}`);
  }
  const { tlsCert, tlsKey } = flags;
  if (tlsCert === undefined && tlsKey === undefined) return { listen: flags.httpListen };
  if (tlsCert === undefined || tlsKey === undefined) {
    throw new ServeUsageError(
      `${tlsCert === undefined ? '--tls-key' : '--tls-cert'} was given alone: HTTPS needs both ` +
        '--tls-cert FILE (the certificate, PEM) and --tls-key FILE (its private key, PEM); give both, or neither for plain HTTP',
    );
  }
  const [cert, key] = await Promise.all([readPem('--tls-cert', tlsCert), readPem('--tls-key', tlsKey)]);
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    throw new ServeUsageError(
      `--tls-cert ${tlsCert} and --tls-key ${tlsKey} do not make a TLS server: ${(err as Error).message}; ` +
        'give a PEM certificate and the private key it was issued for',
    );
  }
  return { listen: flags.httpListen, tls: { certFile: tlsCert, keyFile: tlsKey } };
}

async function readPem(flag: string, path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new ServeUsageError(`cannot read ${flag} ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
}

function etcdShape(flags: ServeFlags, givenStoreFlags: readonly string[]): ServePlan['etcd'] {
  if (flags.etcd !== undefined && flags.endpoints !== undefined && flags.etcd !== flags.endpoints) {
    throw new ServeUsageError(
      `--etcd ${flags.etcd} and --endpoints ${flags.endpoints} name two clusters; serve takes one: give --etcd only`,
    );
  }
  // --endpoints is accepted as etcdctl users write it; --etcd is serve's documented name.
  const endpoints = flags.etcd ?? flags.endpoints;
  if (endpoints === undefined) {
    const clientFlags = (['cacert', 'cert', 'key', 'user', 'password'] as const).filter(
      (name) => flags[name] !== undefined,
    );
    if (clientFlags.length > 0) {
      throw new ServeUsageError(
        `${listed(clientFlags.map((name) => `--${name}`))} for an existing etcd, named with --etcd URLS; ` +
          'without --etcd serve runs its embedded store, whose TLS flags are --cert-file, --key-file and --trusted-ca-file',
      );
    }
    return { kind: 'embedded', store: flags };
  }
  if (givenStoreFlags.length > 0) {
    throw new ServeUsageError(
      `${listed(givenStoreFlags)} for the embedded store, and with --etcd none starts; drop ` +
        `${givenStoreFlags.length === 1 ? 'it' : 'them'}, or drop --etcd to run the embedded store`,
    );
  }
  try {
    parseEndpoints(endpoints);
    return { kind: 'cluster', connect: etcdConnectOptionsFromFlags({ ...flags, endpoints }) };
  } catch (err) {
    throw usageError(err);
  }
}

async function backupOptions(
  flags: ServeFlags,
  env: NodeJS.ProcessEnv,
): Promise<Omit<BackupServiceOptions, 'logger'> | undefined> {
  if (!flags.backups) return undefined;
  parseSchedule(flags.backupSchedule);
  const retention = parseRetentionPolicy(flags.backupRetention);
  const deltaIntervalMs = flags.deltaInterval === 'off' ? false : parseDuration(flags.deltaInterval);
  if (deltaIntervalMs === undefined || (deltaIntervalMs !== false && deltaIntervalMs < 100)) {
    throw new InvalidArgumentError(
      `--delta-interval '${flags.deltaInterval}' is not a duration of at least 100ms, or 'off'`,
    );
  }
  const spec =
    flags.backupTarget ??
    env.SETPOINT_BACKUP_TARGET ??
    `file:${join(dirname(resolve(flags.dataDir)), 'backups')}`;
  return {
    target: openTarget(spec, { env }),
    schedule: flags.backupSchedule,
    retention,
    deltaIntervalMs,
    recipients: await Promise.all((flags.backupRecipient ?? []).map(readPublicKeyFile)),
  };
}

/** `--audit-retention`: whole days (at least 1), or `off`. */
function auditRetentionDays(given: string): number | false {
  if (given === 'off') return false;
  const days = /^[0-9]+$/.test(given) ? Number(given) : Number.NaN;
  if (!Number.isSafeInteger(days) || days < 1) {
    throw new ServeUsageError(
      `--audit-retention '${given}' is not a number of days: give whole days (e.g. 365), or 'off' to keep every entry`,
    );
  }
  return days;
}

/** `--a is` or `--a, --b are`. */
function listed(flags: readonly string[]): string {
  return `${flags.join(', ')} ${flags.length === 1 ? 'is' : 'are'}`;
}

/** A failed check of a flag's value (a bad schedule, target, endpoint, user) as a `ServeUsageError`. */
function usageError(err: unknown): ServeUsageError {
  return new ServeUsageError(err instanceof Error ? err.message : String(err), { cause: err });
}
