// `bench backup`: a full backup from etcd to OpenStack Swift beside `swift upload` of the same
// bytes, and a restore into the emptied keyspace beside raw etcd transactions, in the same run.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { connect, type EtcdClient } from '../src/etcd/index.js';
import { tempFolder } from '../test/support/ports.js';
import { type StoreUnderTest, startStore } from '../test/support/stores.js';
import { type Swift, startSwift } from '../test/support/swift.js';
import {
  type BackupContext,
  downloadData,
  makeSourceBackup,
  measureBackups,
} from './backup/backup-rounds.js';
import { measureBreakdown } from './backup/breakdown.js';
import { makeEntries, payloadBytes, writeRaw } from './backup/keyspace.js';
import { type BackupBenchOptions, backupBenchUsage, parseBackupOptions } from './backup/options.js';
import { type BackupBenchReport, type BackupMachine, formatReport, targetsOf } from './backup/report.js';
import { measureRestores } from './backup/restore-rounds.js';
import { timeStep } from './backup/timing.js';
import { describeMachineBasics } from './machine.js';

function versionOf(command: string, args: string[], pattern: RegExp): string {
  try {
    const text = execFileSync(command, args, {
      encoding: 'utf8',
      env: { ...process.env, ETCD_UNSUPPORTED_ARCH: '' },
    });
    return pattern.exec(text)?.[1] ?? 'unknown';
  } catch {
    return 'not found';
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What the run started, stopped once in reverse order: at the end, on a failure, or on Ctrl-C. */
class Cleanup {
  readonly #steps: (() => Promise<unknown>)[] = [];
  #running: Promise<void> | undefined;

  add(step: () => Promise<unknown>): void {
    this.#steps.push(step);
  }

  run(): Promise<void> {
    this.#running ??= (async () => {
      for (const step of this.#steps.reverse()) await step().catch(() => undefined);
    })();
    return this.#running;
  }
}

/** Swift and the store, started together; whichever started is stopped by `cleanup` either way. */
async function startServices(
  options: BackupBenchOptions,
  cleanup: Cleanup,
): Promise<{ swift: Swift; store: StoreUnderTest }> {
  const [swift, store] = await Promise.allSettled([startSwift(), startStore(options.store)]);
  if (swift.status === 'fulfilled') cleanup.add(() => swift.value.stop());
  if (store.status === 'fulfilled') cleanup.add(() => store.value.destroy());
  if (swift.status === 'rejected') throw new Error(`Swift did not start: ${message(swift.reason)}`);
  if (store.status === 'rejected')
    throw new Error(`${options.store} did not start: ${message(store.reason)}`);
  return { swift: swift.value, store: store.value };
}

async function measure(
  options: BackupBenchOptions,
  report: BackupBenchReport,
  cleanup: Cleanup,
  log: (text: string) => void,
): Promise<void> {
  log(`starting Swift and ${options.store} ...`);
  const { swift, store } = await startServices(options, cleanup);
  const folder = await tempFolder('backup-bench');
  cleanup.add(() => folder.remove());
  const client: EtcdClient = await connect({ endpoints: store.endpoint });
  cleanup.add(() => client.close());

  log(`loading ${options.keys} keys of ${options.valueBytes}-byte random values ...`);
  const entries = makeEntries(options.keys, options.valueBytes);
  const load = await timeStep(() => writeRaw(client, entries));
  const swiftCli = await timeStep(() => swift.cli(['auth']));

  log('first backup (warm-up; the restores and the peer use it) ...');
  const context: BackupContext = { client, swift, compressionLevel: options.compression, log };
  const source = await makeSourceBackup(context);
  const file = join(folder.path, 'data.jsonl.gz');
  await downloadData(source.target, source.manifest, file);
  report.keyspace = {
    keys: entries.length,
    valueBytes: options.valueBytes,
    payloadBytes: payloadBytes(entries),
    loadSeconds: load.timing.seconds,
    source: {
      id: source.manifest.id,
      jsonBytes: source.run.jsonBytes,
      storedBytes: source.run.storedBytes,
      seconds: source.run.seconds,
    },
    swiftCliSeconds: swiftCli.timing.seconds,
  };

  await measureBackups(context, file, options.rounds, report.backups);
  const restoreContext = { client, target: source.target, manifest: source.manifest, entries, log };
  await measureRestores(restoreContext, options.rounds, report.restores);
  if (!options.skipBreakdown)
    report.breakdown = await measureBreakdown({
      ...restoreContext,
      swift,
      compressionLevel: options.compression,
    });
}

export async function run(argv: string[]): Promise<number> {
  let options: BackupBenchOptions | undefined;
  try {
    options = parseBackupOptions(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${backupBenchUsage}`);
    return 2;
  }
  if (options === undefined) {
    console.log(backupBenchUsage);
    return 0;
  }
  const json = options.json;
  const log = (text: string) => {
    if (!json) process.stderr.write(`${text}\n`);
  };
  const machine: BackupMachine = {
    ...describeMachineBasics(),
    store:
      options.store === 'etcd' ? versionOf('etcd', ['--version'], /etcd Version: (\S+)/) : 'setpoint etcd',
    swiftclient: versionOf('/usr/bin/swift', ['--version'], /python-swiftclient (\S+)/),
  };
  const report: BackupBenchReport = {
    benchmark: 'backup',
    machine,
    options,
    seconds: 0,
    backups: [],
    restores: [],
    breakdown: [],
    targets: [],
  };
  const cleanup = new Cleanup();
  // Swift's folder holds every uploaded byte: an interrupted run must not leave it behind.
  const interrupted = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping Swift and the store, removing their folders ...\n`);
    void cleanup.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const started = performance.now();
  try {
    await measure(options, report, cleanup, log);
  } catch (err) {
    report.failure = message(err);
  } finally {
    await cleanup.run();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
  report.seconds = (performance.now() - started) / 1000;
  report.targets = targetsOf(report.backups, report.restores);
  console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
  // A benchmark informs; it fails only when something could not be measured.
  return report.failure === undefined ? 0 : 1;
}
