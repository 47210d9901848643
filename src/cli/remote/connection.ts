// Which way a configuration command goes (the Setpoint server, or etcd directly as before), and
// the API client it uses: server, token and CA from flags, environment and the saved login.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ApiClient, ClientError, normalizeServerUrl } from './api-client.js';
import { readCredentials } from './credentials.js';
import { UsageError } from './run-action.js';

/**
 * The flags every command calling the server takes.
 *
 * @example
 * const flags = command.opts<ServerFlags>(); // { server: 'https://setpoint.example', cacert: 'ca.pem' }
 */
export interface ServerFlags {
  server?: string;
  cacert?: string;
}

/**
 * Declares `--server` and `--cacert` on a command that only calls the server.
 *
 * @example
 * addServerFlags(program.command('get')).action(...)
 */
export function addServerFlags<C extends Command>(command: C): C {
  command
    .option(
      '--server <url>',
      "the Setpoint server (default: $SETPOINT_SERVER, else the last 'setpoint login')",
    )
    .option(
      '--cacert <file>',
      "verify the server's HTTPS certificate with this CA bundle (default: $SETPOINT_CACERT)",
    );
  return command;
}

/**
 * Declares `--server` on a command that also talks to etcd directly (it has the etcd flags, whose
 * `--cacert` then verifies whichever it talks to).
 */
export function addServerFlag<C extends Command>(command: C): C {
  command.option(
    '--server <url>',
    "go through this Setpoint server (default: $SETPOINT_SERVER, else the last 'setpoint login'; see below)",
  );
  return command;
}

/** The rule commands that reach both state in their --help. */
export const routeHelp =
  'Where it goes: with --endpoints or ETCD_HOST straight to etcd, as scripts and the agent always did; else\n' +
  "through the Setpoint server of --server, SETPOINT_SERVER or the last 'setpoint login' (token from\n" +
  'SETPOINT_TOKEN or the login; --cacert then verifies the server); with none of them, to etcd at 127.0.0.1:2379.\n' +
  '--server beats ETCD_HOST; --server with --endpoints is refused.';

/** The etcd flags that mean nothing to the server (its `--cacert` serves both). */
export const ETCD_ONLY_FLAGS = ['cert', 'key', 'user', 'password'] as const;

/** Why a flag is refused when the command goes through the server. */
export const etcdOnly =
  'talk to etcd only: add --endpoints to talk to etcd directly, or leave them out to go through the server';

/** Why a flag is refused when the command talks to etcd directly. */
export const serverOnly =
  'work through the Setpoint server only: leave out --endpoints (and ETCD_HOST) and give --server, or sign in';

/**
 * Where a command that reaches both goes.
 *
 * @example
 * if ((await chooseRoute(flags)) === 'api') return remotePut(key, value, flags);
 */
export type Route = 'api' | 'etcd';

/**
 * The rule: `--endpoints` -> etcd; `--server` -> the server; `ETCD_HOST` -> etcd; `SETPOINT_SERVER`
 * or a saved login -> the server; nothing -> etcd on its default address, as before.
 *
 * @example
 * await chooseRoute({ endpoints: '127.0.0.1:2379' }); // 'etcd'
 */
export async function chooseRoute(
  flags: { endpoints?: string; server?: string },
  environment: NodeJS.ProcessEnv = process.env,
): Promise<Route> {
  if (flags.endpoints !== undefined) {
    if (flags.server !== undefined) {
      throw new UsageError(
        '--server and --endpoints name two ways to reach the configuration; give --server to go through the ' +
          'Setpoint server, or --endpoints to talk to etcd directly',
      );
    }
    return 'etcd';
  }
  if (flags.server !== undefined) return 'api';
  if (nonEmpty(environment.ETCD_HOST)) return 'etcd';
  if (nonEmpty(environment.SETPOINT_SERVER)) return 'api';
  return (await readCredentials()).current !== undefined ? 'api' : 'etcd';
}

/**
 * Refuses flags given on the command line that do not apply on this route, naming them and what to
 * do instead.
 *
 * @example
 * refuseFlags(command, ['cert', 'key', 'user', 'password'], 'talk to etcd only; add --endpoints to use them');
 */
export function refuseFlags(command: Command, names: readonly string[], why: string): void {
  const given = command.options
    .filter((option) => names.includes(option.attributeName()))
    .filter((option) => command.getOptionValueSource(option.attributeName()) === 'cli')
    .map((option) => option.long ?? option.short ?? option.attributeName());
  if (given.length > 0) throw new UsageError(`${given.join(', ')} ${why}`);
}

/**
 * The API client a command uses: the server from --server, SETPOINT_SERVER or the saved login; the
 * token from SETPOINT_TOKEN or the login saved for that server (none: requests needing one fail
 * with NOT_SIGNED_IN); the CA from --cacert or SETPOINT_CACERT.
 *
 * @example
 * const client = await openClient(flags);
 */
export async function openClient(
  flags: ServerFlags,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<ApiClient> {
  const credentials = await readCredentials();
  const given =
    flags.server ?? (nonEmpty(environment.SETPOINT_SERVER) ? environment.SETPOINT_SERVER : undefined);
  const server = given === undefined ? credentials.current : normalizeServerUrl(given);
  if (server === undefined) {
    throw new ClientError(
      'SERVER_NOT_GIVEN',
      "no Setpoint server given: pass --server URL, set SETPOINT_SERVER, or sign in once with 'setpoint login --server URL --user NAME'",
    );
  }
  const token = nonEmpty(environment.SETPOINT_TOKEN)
    ? environment.SETPOINT_TOKEN
    : credentials.servers[server]?.token;
  return new ApiClient({ server, token, ca: await readCa(flags.cacert ?? environment.SETPOINT_CACERT) });
}

/** The server a command would use, without asking it anything (login, logout). */
export async function chosenServer(
  flags: ServerFlags,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const given =
    flags.server ?? (nonEmpty(environment.SETPOINT_SERVER) ? environment.SETPOINT_SERVER : undefined);
  return given === undefined ? (await readCredentials()).current : normalizeServerUrl(given);
}

/** The PEM CA bundle at `path`, or undefined to use the system's CAs. */
export async function readCa(path: string | undefined): Promise<Buffer | undefined> {
  if (path === undefined || path === '') return undefined;
  try {
    return await readFile(path);
  } catch (err) {
    throw new ClientError(
      'CACERT_UNREADABLE',
      `cannot read the CA bundle ${path} (--cacert or SETPOINT_CACERT): ${(err as NodeJS.ErrnoException).code ?? err}`,
    );
  }
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}
