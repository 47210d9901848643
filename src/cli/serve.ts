// `setpoint serve`: the embedded store, plus what runs once per cluster on it — the history
// recorder and the backups (a schedule of full backups and the delta recorder) — each run by the
// server that holds its role. The HTTP API and web UI come with a later release.
import { dirname, join, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { parseDuration } from '../agent/duration.js';
import type { BackupServiceOptions } from '../backup/backup-service.js';
import { parseRetentionPolicy, type RetentionPolicy } from '../backup/retention/index.js';
import { parseSchedule } from '../backup/schedule/index.js';
import { openTarget } from '../backup/target/open-target.js';
import { connect, type EtcdConnectOptions } from '../etcd/index.js';
import { createLogger } from '../log/logger.js';
import { startSingletons } from '../server/singletons.js';
import { addStoreFlags, type EtcdFlags, runStore } from './etcd.js';
import { readPublicKeyFile } from './input.js';

interface ServeFlags extends EtcdFlags {
  backups: boolean;
  history: boolean;
  backupTarget?: string;
  backupSchedule: string;
  backupRetention: string;
  deltaInterval: string;
  backupRecipient?: string[];
}

const defaultSchedule = '0 3 * * *';
const defaultRetention = 'keep-daily=7 keep-weekly=4 keep-monthly=12';

export function serveCommand(program: Command): void {
  const command = program
    .command('serve')
    .description(
      'run Setpoint: the embedded etcd-compatible store (data in ./setpoint-data), the history recorder and\n' +
        'the backups (full backups on a schedule, delta segments between them)',
    );
  addStoreFlags(command, 'setpoint-data/store')
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
    .action(async (flags: ServeFlags) => {
      const backups = await backupOptions(flags);
      const logger = createLogger('serve');
      let stopSingletons: () => Promise<void> = async () => {};
      const running = await runStore(flags, { beforeStop: () => stopSingletons() });
      const endpoint = running.clientUrls[0]!;
      try {
        const client = await connect(internalConnection(endpoint, flags));
        const singletons = startSingletons(client, {
          history: flags.history,
          ...(backups !== undefined ? { backups: { ...backups, logger } } : {}),
          logger,
        });
        stopSingletons = async () => {
          await singletons.stop();
          await client.close();
        };
      } catch (err) {
        logger.error(
          { err: (err as Error).message },
          'history and backups are off: cannot connect to the store',
        );
      }
      process.stdout.write(
        'Setpoint is running (the HTTP API and web UI come in a later release).\n' +
          `  etcd API:  ${running.clientUrls.join(', ')}   (try: etcdctl --endpoints ${endpoint.replace(/^https?:\/\//, '')} put hello world)\n` +
          `  data:      ${flags.dataDir}\n` +
          `  history:   ${flags.history ? 'recorded (setpoint history KEY)' : 'off'}\n` +
          `  backups:   ${backups === undefined ? 'off' : `${backups.target.description}, full at '${backups.schedule}' UTC, deltas ${backups.deltaIntervalMs === false ? 'off' : `every ${flags.deltaInterval}`}`}\n` +
          'Stop with Ctrl-C.\n',
      );
    });
}

async function backupOptions(flags: ServeFlags): Promise<Omit<BackupServiceOptions, 'logger'> | undefined> {
  if (!flags.backups) return undefined;
  parseSchedule(flags.backupSchedule);
  const retention: RetentionPolicy = parseRetentionPolicy(flags.backupRetention);
  const deltaIntervalMs = flags.deltaInterval === 'off' ? false : parseDuration(flags.deltaInterval);
  if (deltaIntervalMs === undefined || (deltaIntervalMs !== false && deltaIntervalMs < 100)) {
    throw new InvalidArgumentError(
      `--delta-interval '${flags.deltaInterval}' is not a duration of at least 100ms, or 'off'`,
    );
  }
  const spec =
    flags.backupTarget ??
    process.env.SETPOINT_BACKUP_TARGET ??
    `file:${join(dirname(resolve(flags.dataDir)), 'backups')}`;
  return {
    target: openTarget(spec, { env: process.env }),
    schedule: flags.backupSchedule,
    retention,
    deltaIntervalMs,
    recipients: await Promise.all((flags.backupRecipient ?? []).map(readPublicKeyFile)),
  };
}

/** serve's own connection to its store: over TLS with the store's own files when it serves TLS. */
function internalConnection(endpoint: string, flags: ServeFlags): EtcdConnectOptions {
  if (!endpoint.startsWith('https://')) return { endpoints: endpoint };
  return {
    endpoints: endpoint,
    tls: {
      ...(flags.trustedCaFile !== undefined ? { caFile: flags.trustedCaFile } : {}),
      ...(flags.certFile !== undefined ? { certFile: flags.certFile } : {}),
      ...(flags.keyFile !== undefined ? { keyFile: flags.keyFile } : {}),
    },
  };
}
