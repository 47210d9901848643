// `setpoint login` and `setpoint logout`: sign in to a Setpoint server once, keeping an API token
// in the credentials file, and sign out again (the token revoked on the server, then forgotten).
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { readStdin } from '../input.js';
import { askTerminal } from '../prompt.js';
import { ApiClient, ClientError } from './api-client.js';
import { daysOf } from './arguments.js';
import { chosenServer, readCa } from './connection.js';
import { credentialsPath, readCredentials, removeLogin, saveLogin } from './credentials.js';
import { printJson } from './format.js';
import { exitStatusHelp, runRemote, UsageError, usageExit } from './run-action.js';

interface LoginFlags {
  server?: string;
  user: string;
  passwordStdin: boolean;
  expiresInDays?: string;
  cacert?: string;
  json: boolean;
}

interface LogoutFlags {
  server?: string;
  cacert?: string;
  json: boolean;
}

/** What POST /session answers when asked for a token. */
interface SessionAnswer {
  readonly user: { readonly name: string };
  readonly token?: string;
}

/**
 * Registers `setpoint login` and `setpoint logout`.
 *
 * @example
 * loginCommands(program); // setpoint login --server https://setpoint.example --user alice
 */
export function loginCommands(program: Command): void {
  program
    .command('login')
    .summary('sign in to a Setpoint server and save an API token for later commands')
    .description(
      `sign in to a Setpoint server: asks it for an API token named 'cli@<hostname>' and saves it in\n` +
        `${displayPath()} (mode 0600), so later commands use it`,
    )
    .requiredOption('--user <name>', 'your user name on the server')
    .option('--server <url>', 'the server, e.g. https://setpoint.example (default: $SETPOINT_SERVER)')
    .option(
      '--password-stdin',
      'read the password from stdin (one line) instead of asking on the terminal',
      false,
    )
    .option('--expires-in-days <days>', 'the token stops working after DAYS days (default: never)')
    .option(
      '--cacert <file>',
      "verify the server's HTTPS certificate with this CA bundle (default: $SETPOINT_CACERT)",
    )
    .option('--json', 'print {server, user, tokenName, credentials} as JSON (never the token)', false)
    .addHelpText(
      'after',
      '\nThe password is asked with echo off, or read from stdin with --password-stdin; it is never saved, only\n' +
        'the token is. Signing in again replaces the saved token and revokes the old one. SETPOINT_TOKEN, when set,\n' +
        `is used instead of any saved token.\n${exitStatusHelp}`,
    )
    .exitOverride(usageExit)
    .action((flags: LoginFlags) => runRemote('login', () => login(flags)));

  program
    .command('logout')
    .summary('revoke the saved API token and forget it')
    .description('sign out: revoke the saved API token on the server and remove it from the credentials file')
    .option(
      '--server <url>',
      "the server to sign out of (default: $SETPOINT_SERVER, else the last 'setpoint login')",
    )
    .option(
      '--cacert <file>',
      "verify the server's HTTPS certificate with this CA bundle (default: $SETPOINT_CACERT)",
    )
    .option('--json', 'print {server, revoked, removed} as JSON', false)
    .addHelpText(
      'after',
      '\nWhen the server cannot be reached the token is still removed here, and the command says it may still\n' +
        `work until revoked ('setpoint token revoke' from elsewhere).\n${exitStatusHelp}`,
    )
    .exitOverride(usageExit)
    .action((flags: LogoutFlags) => runRemote('logout', () => logout(flags)));
}

async function login(flags: LoginFlags): Promise<void> {
  const server = await chosenServer(flags);
  if (server === undefined) {
    throw new UsageError('name the server to sign in to: --server URL (or SETPOINT_SERVER)');
  }
  const expiresInDays = flags.expiresInDays === undefined ? undefined : daysOf(flags.expiresInDays);
  const password = await readPassword(flags, server);
  const ca = await readCa(flags.cacert ?? process.env.SETPOINT_CACERT);
  const tokenName = `cli@${hostname()}`;
  const answer = await new ApiClient({ server, ca }).post<SessionAnswer>(
    '/session',
    {
      user: flags.user,
      password,
      token: { name: tokenName, ...(expiresInDays !== undefined ? { expiresInDays } : {}) },
    },
    { anonymous: true },
  );
  if (typeof answer?.token !== 'string') {
    throw new ClientError(
      'ANSWER_INVALID',
      `${server} signed you in but gave no API token; is it a Setpoint server?`,
    );
  }
  const previous = await saveLogin(server, {
    token: answer.token,
    user: answer.user.name,
    tokenName,
    savedAt: new Date().toISOString(),
  });
  if (previous !== undefined && previous.token !== answer.token) {
    // The token saved before is no longer used by anyone: it should not keep working.
    try {
      await new ApiClient({ server, token: answer.token, ca }).delete(`/tokens/${tokenIdOf(previous.token)}`);
    } catch {
      process.stderr.write(
        `the token saved before ('${previous.tokenName}' of ${previous.user}) could not be revoked and may still ` +
          "work; see 'setpoint token ls'\n",
      );
    }
  }
  const path = credentialsPath();
  if (flags.json) {
    printJson({ server, user: answer.user.name, tokenName, credentials: path });
    return;
  }
  process.stdout.write(
    `signed in to ${server} as ${answer.user.name}; token '${tokenName}' saved in ${path}\n`,
  );
}

async function logout(flags: LogoutFlags): Promise<void> {
  const server = await chosenServer(flags);
  const saved = server === undefined ? undefined : (await readCredentials()).servers[server];
  if (server === undefined || saved === undefined) {
    if (flags.json) printJson({ server: server ?? null, revoked: false, removed: false });
    else process.stdout.write(`not signed in${server === undefined ? '' : ` to ${server}`}; nothing to do\n`);
    return;
  }
  let revoked = false;
  let why = '';
  try {
    const ca = await readCa(flags.cacert ?? process.env.SETPOINT_CACERT);
    await new ApiClient({ server, token: saved.token, ca }).delete(`/tokens/${tokenIdOf(saved.token)}`);
    revoked = true;
  } catch (err) {
    why = (err as Error).message;
  }
  await removeLogin(server);
  if (flags.json) {
    printJson({ server, revoked, removed: true });
    return;
  }
  if (!revoked) {
    process.stderr.write(
      `the token could not be revoked on ${server} (${why}); it was removed here but may still work until revoked\n`,
    );
  }
  process.stdout.write(
    `signed out of ${server}${revoked ? ': token revoked' : ''}; removed from ${credentialsPath()}\n`,
  );
}

/** The password: stdin's first line with --password-stdin, else asked on the terminal. */
async function readPassword(flags: LoginFlags, server: string): Promise<string> {
  let password: string | undefined;
  if (flags.passwordStdin) {
    password = (await readStdin()).toString('utf8').replace(/\r?\n$/, '');
  } else {
    password = await askTerminal(`password of ${flags.user} at ${server} (not shown): `);
    if (password === undefined) {
      throw new UsageError('there is no terminal to ask the password on; pipe it in with --password-stdin');
    }
  }
  if (password === '') throw new UsageError(`the password of ${flags.user} is empty; nothing was sent`);
  return password;
}

/**
 * A token's id as the API lists it: the SHA-256 of the token, in hex.
 *
 * @example
 * tokenIdOf('spt_...'); // '3f0a...' (64 hex digits)
 */
export function tokenIdOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function displayPath(): string {
  return '$XDG_CONFIG_HOME/setpoint/credentials.json (or ~/.config/setpoint/credentials.json)';
}
