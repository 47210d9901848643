// `setpoint user ls / add / rm / passwd / grant / revoke / disable / enable`: accounts on the
// Setpoint server and the roles they hold per directory prefix.
import type { Command } from 'commander';
import { type Grant, ROLES, type Role } from '../../server/auth/roles.js';
import { readStdin } from '../input.js';
import { askTerminal } from '../prompt.js';
import type { ApiClient } from './api-client.js';
import { addServerFlags, openClient, type ServerFlags } from './connection.js';
import { formatTable, printJson } from './format.js';
import { exitStatusHelp, runRemote, serverHelp, UsageError, usageExit } from './run-action.js';

/** A user as the API shows one (never a password hash). */
interface User {
  readonly name: string;
  readonly grants: readonly Grant[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly disabled: boolean;
  readonly modRevision: number;
}

interface JsonFlags extends ServerFlags {
  json: boolean;
}

interface AddFlags extends JsonFlags {
  grant: string[];
  passwordStdin: boolean;
}

interface PasswordFlags extends JsonFlags {
  passwordStdin: boolean;
}

const grantHelp =
  "ROLE is viewer, editor, publisher or admin; PREFIX a directory ('hack' or 'hack/'), a folder ('hack/storage/'),\n" +
  "or '*' for everything. One grant per prefix: granting again on a prefix replaces the role there.";

/**
 * Registers `setpoint user` and its sub-commands.
 *
 * @example
 * userCommands(program); // setpoint user add alice --grant editor:hack/
 */
export function userCommands(program: Command): void {
  const user = program
    .command('user')
    .description('accounts on the Setpoint server: list, add, remove, passwords, grants, disable and enable')
    .exitOverride(usageExit);

  command(user, 'ls', 'list every user with their grants (admin on everything)')
    .option('--json', "print the API's answer: {users}", false)
    .action((flags: JsonFlags) =>
      runRemote('user ls', async () => {
        const { users } = await (await openClient(flags)).get<{ users: User[] }>('/users');
        if (flags.json) return printJson({ users });
        process.stdout.write(
          formatTable(
            ['NAME', 'GRANTS', 'DISABLED', 'CREATED'],
            users.map((u) => [u.name, grantsText(u.grants), u.disabled ? 'yes' : 'no', u.createdAt]),
          ),
        );
      }),
    );

  command(user, 'add', 'create user NAME with a password (asked twice on the terminal) and grants')
    .argument('<name>', "1 to 64 lowercase letters, digits, '-', '_' or '.'")
    .option(
      '--grant <role:prefix>',
      "a grant, e.g. 'editor:hack/' or 'admin:*'; repeat for more",
      collect,
      [],
    )
    .option('--password-stdin', 'read the password from stdin (one line)', false)
    .option('--json', "print the API's answer: the user", false)
    .addHelpText('before', `${grantHelp}\n`)
    .action((name: string, flags: AddFlags) =>
      runRemote('user add', async () => {
        const grants = flags.grant.map(parseGrantFlag);
        const client = await openClient(flags);
        const password = await newPassword(name, flags.passwordStdin);
        const created = await client.post<User>('/users', { name, password, grants });
        if (flags.json) return printJson(created);
        process.stdout.write(`added user ${created.name} with grants: ${grantsText(created.grants)}\n`);
      }),
    );

  command(user, 'rm', 'delete user NAME with their tokens and sessions')
    .argument('<name>', 'the user')
    .option('--json', 'print {name, deleted} as JSON', false)
    .action((name: string, flags: JsonFlags) =>
      runRemote('user rm', async () => {
        await (await openClient(flags)).delete(`/users/${encodeURIComponent(name)}`);
        if (flags.json) return printJson({ name, deleted: true });
        process.stdout.write(`deleted user ${name}, their tokens and sessions\n`);
      }),
    );

  command(
    user,
    'passwd',
    'set the password of NAME (default: yourself); your own needs the current one, asked first',
  )
    .argument('[name]', 'the user (default: the one signed in)')
    .option(
      '--password-stdin',
      'read the passwords from stdin: for your own account the current one on the first line and the new one\n' +
        'on the second; for another user (as an admin) the new one only',
      false,
    )
    .option('--json', "print the API's answer: the user", false)
    .addHelpText('after', '\nA new password ends the sessions of the user; API tokens keep working.')
    .action((name: string | undefined, flags: PasswordFlags) =>
      runRemote('user passwd', async () => {
        const client = await openClient(flags);
        const self = await signedInUser(client);
        const target = name ?? self;
        const own = target === self;
        let body: { password: string; currentPassword?: string };
        if (flags.passwordStdin) {
          const lines = (await readStdin()).toString('utf8').split(/\r?\n/);
          body = own
            ? {
                currentPassword: required(lines[0], 'the current password'),
                password: required(lines[1], 'the new password'),
              }
            : { password: required(lines[0], 'the new password') };
        } else {
          const currentPassword = own ? await ask(`current password of ${target} (not shown): `) : undefined;
          body = {
            password: await newPassword(target, false),
            ...(currentPassword ? { currentPassword } : {}),
          };
        }
        const changed = await client.put<User>(`/users/${encodeURIComponent(target)}/password`, body);
        if (flags.json) return printJson(changed);
        process.stdout.write(`set the password of ${changed.name}; their sessions ended\n`);
      }),
    );

  command(user, 'grant', 'give NAME ROLE on PREFIX (replacing the role NAME held on exactly that prefix)')
    .argument('<name>', 'the user')
    .argument('<role>', ROLES.join(', '))
    .argument('<prefix>', "a directory or folder, e.g. 'hack/', or '*' for everything")
    .option('--json', "print the API's answer: the user", false)
    .addHelpText('before', `${grantHelp}\n`)
    .action((name: string, role: string, prefix: string, flags: JsonFlags) =>
      runRemote('user grant', async () => {
        const grant = { role: checkedRole(role), prefix: normalizePrefix(prefix) };
        const updated = await changeGrants(await openClient(flags), name, (grants) => [
          ...grants.filter((g) => g.prefix !== grant.prefix),
          grant,
        ]);
        if (flags.json) return printJson(updated);
        process.stdout.write(`${updated.name} now holds: ${grantsText(updated.grants)}\n`);
      }),
    );

  command(user, 'revoke', 'take away the grant NAME holds on PREFIX')
    .argument('<name>', 'the user')
    .argument('<prefix>', "the prefix of the grant, e.g. 'hack/', or '*' for everything")
    .option('--json', "print the API's answer: the user", false)
    .action((name: string, prefix: string, flags: JsonFlags) =>
      runRemote('user revoke', async () => {
        const wanted = normalizePrefix(prefix);
        const client = await openClient(flags);
        const current = await client.get<User>(`/users/${encodeURIComponent(name)}`);
        if (!current.grants.some((g) => g.prefix === wanted)) {
          if (flags.json) return printJson(current);
          process.stdout.write(
            `${name} holds no grant on ${prefixText(wanted)}; nothing changed (grants: ${grantsText(current.grants)})\n`,
          );
          return;
        }
        const updated = await changeGrants(
          client,
          name,
          (grants) => grants.filter((g) => g.prefix !== wanted),
          current,
        );
        if (flags.json) return printJson(updated);
        process.stdout.write(`${updated.name} now holds: ${grantsText(updated.grants)}\n`);
      }),
    );

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    command(
      user,
      verb,
      disabled
        ? 'disable NAME: no sign-in, sessions end, API tokens stop working (until enabled again)'
        : 'enable NAME again: sign-in and their API tokens work again',
    )
      .argument('<name>', 'the user')
      .option('--json', "print the API's answer: the user", false)
      .action((name: string, flags: JsonFlags) =>
        runRemote(`user ${verb}`, async () => {
          const updated = await (await openClient(flags)).patch<User>(`/users/${encodeURIComponent(name)}`, {
            disabled,
          });
          if (flags.json) return printJson(updated);
          process.stdout.write(`${disabled ? 'disabled' : 'enabled'} user ${updated.name}\n`);
        }),
      );
  }
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

/** Reads the user, changes their grants, and writes them back only if the user did not change meanwhile. */
async function changeGrants(
  client: ApiClient,
  name: string,
  change: (grants: readonly Grant[]) => Grant[],
  read?: User,
): Promise<User> {
  const current = read ?? (await client.get<User>(`/users/${encodeURIComponent(name)}`));
  return client.patch<User>(
    `/users/${encodeURIComponent(name)}`,
    { grants: change(current.grants) },
    { headers: { 'if-match': String(current.modRevision) } },
  );
}

async function signedInUser(client: ApiClient): Promise<string> {
  const session = await client.get<{ user: { name: string } }>('/session');
  return session.user.name;
}

/** A new password: stdin's first line, or asked twice on the terminal. */
async function newPassword(name: string, fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    return required((await readStdin()).toString('utf8').split(/\r?\n/)[0], `the password of ${name}`);
  }
  const first = await ask(`new password of ${name} (not shown): `);
  const second = await ask('again, to confirm: ');
  if (first !== second)
    throw new UsageError(`the two passwords typed for ${name} differ; nothing changed, try again`);
  return first;
}

async function ask(question: string): Promise<string> {
  const answer = await askTerminal(question);
  if (answer === undefined) {
    throw new UsageError('there is no terminal to ask the password on; pipe it in with --password-stdin');
  }
  return required(answer, 'the password');
}

function required(text: string | undefined, what: string): string {
  if (text === undefined || text === '') throw new UsageError(`${what} is empty; nothing changed`);
  return text;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * `editor:hack/` -> { role: 'editor', prefix: 'hack/' }; `admin:*` -> everything.
 *
 * @example
 * parseGrantFlag('viewer:hack'); // { role: 'viewer', prefix: 'hack/' }
 */
export function parseGrantFlag(text: string): Grant {
  const colon = text.indexOf(':');
  if (colon === -1) {
    throw new UsageError(`--grant ${text} is not ROLE:PREFIX; write e.g. 'editor:hack/' or 'admin:*'`);
  }
  return { role: checkedRole(text.slice(0, colon)), prefix: normalizePrefix(text.slice(colon + 1)) };
}

function checkedRole(text: string): Role {
  if (!(ROLES as readonly string[]).includes(text)) {
    throw new UsageError(`'${text}' is not a role; use one of ${ROLES.join(', ')}`);
  }
  return text as Role;
}

/** `*` (or empty) is everything (''); a directory or folder gets its trailing '/'. */
function normalizePrefix(text: string): string {
  if (text === '*' || text === '') return '';
  return text.endsWith('/') ? text : `${text}/`;
}

function prefixText(prefix: string): string {
  return prefix === '' ? 'everything' : prefix;
}

function grantsText(grants: readonly Grant[]): string {
  return grants.map((g) => `${g.role} on ${prefixText(g.prefix)}`).join(', ') || 'none';
}
