// `setpoint token ls / create / revoke`: API tokens for programs (CI, scripts), each shown once
// when created.
import type { Command } from 'commander';
import { ApiAnswerError, type ApiClient } from './api-client.js';
import { daysOf } from './arguments.js';
import { addServerFlags, openClient, type ServerFlags } from './connection.js';
import { formatTable, printJson } from './format.js';
import { exitStatusHelp, runRemote, serverHelp, UsageError, usageExit } from './run-action.js';

/** A token as GET /tokens lists it (never the token itself). */
interface StoredToken {
  readonly id: string;
  readonly owner: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt?: string;
  readonly expiresAt?: string;
  readonly current: boolean;
}

interface ListFlags extends ServerFlags {
  all: boolean;
  owner?: string;
  json: boolean;
}

interface CreateFlags extends ServerFlags {
  expiresInDays?: string;
  json: boolean;
}

interface RevokeFlags extends ServerFlags {
  json: boolean;
}

/**
 * Registers `setpoint token` and its sub-commands.
 *
 * @example
 * tokenCommands(program); // TOKEN=$(setpoint token create ci-deploy --expires-in-days 90)
 */
export function tokenCommands(program: Command): void {
  const token = program
    .command('token')
    .description('API tokens: list yours (or, as an admin, anyone’s), create one (shown once), revoke one')
    .exitOverride(usageExit);

  command(token, 'ls', 'list your API tokens (the one in use marked *)')
    .option('--all', "every user's tokens (admin on everything)", false)
    .option('--owner <user>', "another user's tokens (admin on everything)")
    .option('--json', "print the API's answer: {tokens}", false)
    .action((flags: ListFlags) =>
      runRemote('token ls', async () => {
        const tokens = await listTokens(await openClient(flags), flags);
        if (flags.json) return printJson({ tokens });
        if (tokens.length === 0) {
          process.stdout.write('no tokens\n');
          return;
        }
        process.stdout.write(
          formatTable(
            ['ID', 'OWNER', 'NAME', 'CREATED', 'LAST USED', 'EXPIRES'],
            tokens.map((t) => [
              `${t.id.slice(0, 12)}${t.current ? '*' : ''}`,
              t.owner,
              t.name,
              t.createdAt,
              t.lastUsedAt ?? '-',
              t.expiresAt ?? 'never',
            ]),
          ),
        );
      }),
    );

  command(token, 'create', 'create an API token for yourself and print it (only this once)')
    .argument('<name>', "where it is used, e.g. 'ci deploy'")
    .option('--expires-in-days <days>', 'it stops working after DAYS days (default: never)')
    .option('--json', "print the API's answer: {token, id, owner, name, createdAt, expiresAt?}", false)
    .addHelpText(
      'after',
      '\nThe token alone goes to stdout (TOKEN=$(setpoint token create ci)), what it is to stderr. Programs send it\n' +
        "as 'Authorization: Bearer spt_...', or the CLI takes it from SETPOINT_TOKEN.",
    )
    .action((name: string, flags: CreateFlags) =>
      runRemote('token create', async () => {
        const expiresInDays = flags.expiresInDays === undefined ? undefined : daysOf(flags.expiresInDays);
        const created = await (await openClient(flags)).post<{
          token: string;
          id: string;
          owner: string;
          name: string;
          expiresAt?: string;
        }>('/tokens', { name, ...(expiresInDays !== undefined ? { expiresInDays } : {}) });
        if (flags.json) return printJson(created);
        process.stdout.write(`${created.token}\n`);
        process.stderr.write(
          `created token '${created.name}' of ${created.owner} (id ${created.id.slice(0, 12)}, ` +
            `${created.expiresAt === undefined ? 'no expiry' : `expires ${created.expiresAt}`}); it is not shown again\n`,
        );
      }),
    );

  command(token, 'revoke', 'revoke an API token: by its id (or the start of it, as ls shows it) or its name')
    .argument('<token>', "the id, its first 8 or more digits, or the token's name")
    .option('--json', 'print {id, revoked} as JSON', false)
    .addHelpText('after', '\nAn admin on everything revokes anyone’s token by its full id.')
    .action((which: string, flags: RevokeFlags) =>
      runRemote('token revoke', async () => {
        const client = await openClient(flags);
        const id = /^[0-9a-f]{64}$/.test(which) ? which : await findTokenId(client, which);
        await client.delete(`/tokens/${id}`);
        if (flags.json) return printJson({ id, revoked: true });
        process.stdout.write(`revoked token ${id.slice(0, 12)}\n`);
      }),
    );
}

function command(parent: Command, name: string, description: string): Command {
  return addServerFlags(
    parent
      .command(name)
      .description(description)
      .addHelpText('after', `\n${serverHelp}\n${exitStatusHelp}`)
      .exitOverride(usageExit),
  );
}

async function listTokens(
  client: ApiClient,
  flags: { all?: boolean; owner?: string },
): Promise<readonly StoredToken[]> {
  const { tokens } = await client.get<{ tokens: StoredToken[] }>('/tokens', {
    query: { all: flags.all ? 'true' : undefined, owner: flags.owner },
  });
  return tokens;
}

/** The one token of yours whose id starts with `which` (8 digits or more) or whose name is `which`. */
async function findTokenId(client: ApiClient, which: string): Promise<string> {
  const tokens = await listTokens(client, {});
  const matches = tokens.filter(
    (t) => (/^[0-9a-f]{8,63}$/.test(which) && t.id.startsWith(which)) || t.name === which,
  );
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length === 0) {
    throw new ApiAnswerError(
      'TOKEN_NOT_FOUND',
      404,
      `none of your tokens has the id or name '${which}'; 'setpoint token ls' lists them (an admin revokes another user's by its full id)`,
    );
  }
  throw new UsageError(
    `${matches.length} of your tokens match '${which}' (${matches.map((t) => t.id.slice(0, 12)).join(', ')}); give more of the id`,
  );
}
