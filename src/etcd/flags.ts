// The etcd connection flags every command shares (`--endpoints`, `--cacert`, `--cert`, `--key`,
// `--user`, `--password`), named and parsed as etcdctl does.
import type { Command } from 'commander';
import type { EtcdConnectOptions, EtcdUser } from './connect-options.js';
import { InvalidUserError } from './errors.js';

/**
 * The parsed values of the shared etcd flags, as commander hands them over.
 *
 * @example
 * const flags = command.opts<EtcdFlags>(); // { endpoints: 'a:2379', user: 'root:pw' }
 */
export interface EtcdFlags {
  endpoints?: string;
  cacert?: string;
  cert?: string;
  key?: string;
  user?: string;
  password?: string;
}

/**
 * Declares the shared etcd flags on a command, so every command spells and documents them alike.
 *
 * @example
 * const agent = addEtcdFlags(new Command('agent')).action(async (flags: EtcdFlags) => {
 *   const client = await connect(etcdConnectOptionsFromFlags(flags));
 * });
 */
export function addEtcdFlags<C extends Command>(command: C): C {
  command
    .option(
      '--endpoints <list>',
      'etcd endpoints, comma-separated host:port or URLs (default: $ETCD_HOST, else 127.0.0.1:2379)',
    )
    .option('--cacert <file>', 'verify etcd servers with this CA bundle (PEM); turns TLS on')
    .option('--cert <file>', 'client certificate (PEM) for etcd started with --client-cert-auth')
    .option('--key <file>', 'private key (PEM) of the client certificate')
    .option('--user <name[:password]>', 'etcd user, with its password after a colon')
    .option('--password <password>', 'password of the etcd user, when --user holds only the name');
  return command;
}

/**
 * Turns the shared etcd flags into `connect` options. Endpoints left unset fall back to `ETCD_HOST`
 * in `connect`.
 *
 * @example
 * etcdConnectOptionsFromFlags({ endpoints: 'a:2379', user: 'root:secret' });
 * // { endpoints: 'a:2379', auth: { user: 'root', password: 'secret' } }
 */
export function etcdConnectOptionsFromFlags(flags: EtcdFlags): EtcdConnectOptions {
  const options: EtcdConnectOptions = {};
  if (flags.endpoints !== undefined) options.endpoints = flags.endpoints;
  if (flags.cacert !== undefined || flags.cert !== undefined || flags.key !== undefined) {
    options.tls = {};
    if (flags.cacert !== undefined) options.tls.caFile = flags.cacert;
    if (flags.cert !== undefined) options.tls.certFile = flags.cert;
    if (flags.key !== undefined) options.tls.keyFile = flags.key;
  }
  if (flags.user !== undefined) options.auth = parseUser(flags.user, flags.password);
  else if (flags.password !== undefined) {
    throw new InvalidUserError('--password was given without --user; name the etcd user with --user NAME');
  }
  return options;
}

/**
 * Splits etcdctl's `--user name[:password]`; the password may instead come from `--password`.
 *
 * @example
 * parseUser('root:s3cr:et'); // { user: 'root', password: 's3cr:et' }
 */
export function parseUser(text: string, password?: string): EtcdUser {
  const colon = text.indexOf(':');
  const user = colon === -1 ? text : text.slice(0, colon);
  const inline = colon === -1 ? undefined : text.slice(colon + 1);
  if (user === '') {
    throw new InvalidUserError("--user has an empty user name; write '--user NAME:PASSWORD'");
  }
  if (inline !== undefined && password !== undefined) {
    throw new InvalidUserError(
      `the password of etcd user '${user}' was given twice, in --user and in --password; keep one`,
    );
  }
  const chosen = inline ?? password;
  if (chosen === undefined) {
    throw new InvalidUserError(
      `etcd user '${user}' has no password; write '--user ${user}:PASSWORD' or add '--password PASSWORD'`,
    );
  }
  return { user, password: chosen };
}
