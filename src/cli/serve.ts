// `setpoint serve`: the whole service — the embedded store (or an existing etcd with --etcd), the
// HTTP API, and what runs once per cluster on it (the history recorder, the backups), each run by
// the server that holds its role. Flags here; the start and stop in serve/run.ts.
import { type Command, Option } from 'commander';
import { addEtcdFlags } from '../etcd/index.js';
import { addStoreFlags } from './etcd.js';
import { planServe, type ServeFlags, ServeUsageError } from './serve/plan.js';
import { runServe, serveExitStatus } from './serve/run.js';

const defaultSchedule = '0 3 * * *';
const defaultRetention = 'keep-daily=7 keep-weekly=4 keep-monthly=12';
const defaultHttpListen = '127.0.0.1:8420';

export function serveCommand(program: Command): void {
  const command = program
    .command('serve')
    .description(
      'run Setpoint: the HTTP API over the embedded etcd-compatible store (data in ./setpoint-data) or over ' +
        'an existing etcd (--etcd), the history recorder and the backups (full backups on a schedule, ' +
        'delta segments between them)',
    );
  addStoreFlags(command, 'setpoint-data/store');
  // Their names, to refuse them beside --etcd (where no store starts).
  const storeFlags = command.options.map((option) => ({ long: option.long!, key: option.attributeName() }));
  command
    .addOption(
      new Option('--http-listen <host:port>', 'where the HTTP API listens ([::1]:8420 for IPv6)')
        .env('SETPOINT_HTTP_LISTEN')
        .default(defaultHttpListen),
    )
    .option('--tls-cert <file>', 'serve the HTTP API over HTTPS with this certificate (PEM); needs --tls-key')
    .option('--tls-key <file>', 'private key (PEM) of --tls-cert')
    .option(
      '--etcd <urls>',
      'use this existing etcd (comma-separated host:port or URLs) and start no embedded store; ' +
        'reach it with --cacert, --cert, --key, --user as other commands do',
    );
  addEtcdFlags(command);
  // Accepted as etcdctl users type it, but --etcd is serve's name for it.
  command.options.find((option) => option.long === '--endpoints')?.hideHelp();
  command
    .option(
      '--backup-target <target>',
      'swift:CONTAINER[/PREFIX] or file:PATH (default: $SETPOINT_BACKUP_TARGET, else a backups folder beside --data-dir)',
    )
    .option('--backup-schedule <cron>', 'when full backups are made, as cron (UTC)', defaultSchedule)
    .option('--backup-retention <policy>', 'what prune keeps after each scheduled backup', defaultRetention)
    .option(
      '--delta-interval <duration>',
      "how often changes are written as delta segments ('off': none)",
      '10s',
    )
    .option('--backup-recipient <file...>', 'encrypt backups and delta segments to these public keys')
    .option('--no-backups', 'make no backups')
    .option('--no-history', 'record no history')
    .option('--audit-retention <days>', "days the audit log keeps its entries ('off': forever)", '365')
    .addHelpText(
      'after',
      "\nEnvironment: SETPOINT_ADMIN_PASSWORD (the first admin's password on first start; else one is\n" +
        'generated and printed once), SETPOINT_HTTP_LISTEN, SETPOINT_BACKUP_TARGET, SETPOINT_LOG_LEVEL.\n' +
        '\nExit status: 0 stopped by SIGINT/SIGTERM, 1 failed, 2 refused to start (a wrong flag, a weak\n' +
        'SETPOINT_ADMIN_PASSWORD, the HTTP address in use).',
    )
    .action(async (flags: ServeFlags) => {
      const givenStoreFlags = storeFlags
        .filter(({ key }) => command.getOptionValueSource(key) === 'cli')
        .map(({ long }) => long);
      let plan: Awaited<ReturnType<typeof planServe>>;
      try {
        plan = await planServe(flags, { givenStoreFlags, env: process.env });
      } catch (err) {
        if (!(err instanceof ServeUsageError)) throw err;
        process.stderr.write(`setpoint serve: ${err.message}\n`);
        process.exit(serveExitStatus.usage);
      }
      await runServe(plan, { passwordHint: passwordHint(program) });
    });
}

/** What to tell about a generated password: the command that changes it, once that command exists. */
function passwordHint(program: Command): string {
  const user = program.commands.find((command) => command.name() === 'user');
  return user?.commands.some((command) => command.name() === 'passwd')
    ? 'change it with setpoint user passwd admin'
    : 'it is stored nowhere in clear: keep it now';
}
