// `setpoint history restore KEY --revision R`: puts a key back to the value it had at a revision,
// from the recorded history (so even after etcd compacted it), as a new change. The write compares
// the key's current revision: if someone changes it meanwhile, nothing is written.
import { type Command, InvalidArgumentError } from 'commander';
import { CompareResult, CompareTarget, type ICompare, type IRequestOp } from 'etcd3';
import { addEtcdFlags, connect, type EtcdFlags, etcdConnectOptionsFromFlags } from '../etcd/index.js';
import { KeyspaceError, validateKeyName } from '../keyspace/index.js';
import { valueAt } from '../server/history/index.js';

interface RestoreFlags extends EtcdFlags {
  revision: number;
  dryRun: boolean;
  json: boolean;
}

/** Exit statuses: 0 restored (or already so), 1 failed, 2 wrong usage, 3 the key changed meanwhile. */
const exit = { failed: 1, usage: 2, conflict: 3 } as const;

export function historyRestoreCommand(history: Command): void {
  const restore = history
    .command('restore')
    .description(
      'put KEY back to the value it had at REVISION, from the recorded history (even after etcd compacted it), ' +
        'as a new change; if KEY did not exist then, it is deleted. Nothing is written when KEY changes meanwhile',
    )
    .argument('<key>', "the key, e.g. 'hack/storage/swift/password'")
    .requiredOption('--revision <revision>', 'the revision whose value to put back', revisionNumber)
    .option('--dry-run', 'say what would be written, write nothing', false)
    .option('--json', 'print {key, revision, action, bytes, newRevision} as JSON', false)
    .addHelpText(
      'after',
      '\nThe value is never printed (a sealed value is written back sealed, as it was).\n' +
        'Exit status: 0 restored or already so, 1 failed (no record of KEY at REVISION), 2 wrong usage,\n' +
        '3 KEY changed while restoring (nothing written; run again).',
    )
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : exit.usage));
  addEtcdFlags(restore).action(async (key: string, _flags: RestoreFlags, command: Command) => {
    try {
      process.exitCode = await restoreKey(key, command.optsWithGlobals<RestoreFlags>());
    } catch (err) {
      process.stderr.write(`setpoint history restore: ${(err as Error).message}\n`);
      process.exit(err instanceof KeyspaceError ? exit.usage : exit.failed);
    }
  });
}

async function restoreKey(key: string, flags: RestoreFlags): Promise<number> {
  validateKeyName(key);
  const client = await connect(etcdConnectOptionsFromFlags(flags));
  try {
    const entry = await valueAt(client, key, flags.revision);
    if (entry?.truncated) {
      throw new Error(`the value '${key}' had at revision ${flags.revision} was too large to record whole`);
    }
    const wanted = entry?.kind === 'put' ? entry.value : undefined;
    const current = (await client.etcd.kv.range({ key: Buffer.from(key) })).kvs[0];
    const report = (action: string, newRevision?: number) => {
      const bytes = wanted?.length ?? 0;
      process.stdout.write(
        flags.json
          ? `${JSON.stringify({ key, revision: flags.revision, action, bytes, ...(newRevision ? { newRevision } : {}) })}\n`
          : `${describe(action, key, flags.revision, bytes)}${newRevision ? ` (now revision ${newRevision})` : ''}\n`,
      );
    };
    const same = wanted === undefined ? current === undefined : current?.value.equals(wanted) === true;
    if (same) {
      report('unchanged');
      return 0;
    }
    const action = wanted === undefined ? 'delete' : 'put';
    if (flags.dryRun) {
      report(`would ${action}`);
      return 0;
    }
    const compare: ICompare =
      current === undefined
        ? { key: Buffer.from(key), target: CompareTarget.Version, result: CompareResult.Equal, version: 0 }
        : {
            key: Buffer.from(key),
            target: CompareTarget.Mod,
            result: CompareResult.Equal,
            mod_revision: current.mod_revision,
          };
    const write: IRequestOp =
      wanted === undefined
        ? { request_delete_range: { key: Buffer.from(key) } }
        : { request_put: { key: Buffer.from(key), value: wanted } };
    const result = await client.etcd.kv.txn({ compare: [compare], success: [write], failure: [] });
    if (!result.succeeded) {
      process.stderr.write(
        `setpoint history restore: '${key}' changed while restoring; nothing was written. Look at 'setpoint history ${key}' and run again\n`,
      );
      return exit.conflict;
    }
    report(action, Number(result.header.revision));
    return 0;
  } finally {
    await client.close();
  }
}

function describe(action: string, key: string, revision: number, bytes: number): string {
  switch (action) {
    case 'unchanged':
      return `'${key}' already has its value of revision ${revision}; nothing written`;
    case 'would put':
      return `would put back the value '${key}' had at revision ${revision} (${bytes} bytes)`;
    case 'would delete':
      return `would delete '${key}': it did not exist at revision ${revision}`;
    case 'put':
      return `put back the value '${key}' had at revision ${revision} (${bytes} bytes)`;
    default:
      return `deleted '${key}': it did not exist at revision ${revision}`;
  }
}

function revisionNumber(text: string): number {
  const revision = Number(text);
  if (!Number.isSafeInteger(revision) || revision < 1) {
    throw new InvalidArgumentError(`'${text}' is not a revision (a positive integer)`);
  }
  return revision;
}
