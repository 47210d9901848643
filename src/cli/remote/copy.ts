// `setpoint cp FROM/ TO/`: copy one directory into another (all keys, or the paths named) as one
// change through the Setpoint server, previewed with --dry-run: registry-test -> registry-production.
import type { Command } from 'commander';
import { addServerFlags, openClient, type ServerFlags } from './connection.js';
import { type ChangeRecord, countChanges, type DiffEntry, formatDiff, printJson } from './format.js';
import { directoryName, unlessUnchanged } from './history.js';
import { exitStatusHelp, runRemote, serverHelp, usageExit } from './run-action.js';

interface CopyFlags extends ServerFlags {
  prune: boolean;
  dryRun: boolean;
  message?: string;
  json: boolean;
}

/** What POST /copy answers. */
interface CopyAnswer {
  readonly entries: readonly DiffEntry[];
  readonly skipped: readonly { path: string; reason: string }[];
  readonly change?: ChangeRecord;
}

/**
 * Registers `setpoint cp`.
 *
 * @example
 * copyCommand(program); // setpoint cp registry-test/ registry-production/ --dry-run
 */
export function copyCommand(program: Command): void {
  addServerFlags(
    program
      .command('cp')
      .summary('copy (promote) one directory into another as one change')
      .description(
        'copy the keys of directory FROM/ into TO/ as one change: every key that differs, or only PATHS\n' +
          "(relative to the directories, e.g. 'http/addr'); sealed values are skipped and listed",
      )
      .argument('<from>', "the directory to copy, e.g. 'registry-test/'")
      .argument('<to>', "the directory to copy into, e.g. 'registry-production/'")
      .argument('[paths...]', "only these keys, relative to the directories ('FROM/http/addr' also works)")
      .option('--prune', 'also delete the keys of TO/ that FROM/ does not have', false)
      .option('--dry-run', 'print what would change, write nothing', false)
      .option('-m, --message <text>', "why: kept in the change record (default: 'copy from FROM')")
      .option('--json', "print the API's answer: {entries, skipped, change?}", false)
      .addHelpText(
        'after',
        '\nA sealed value opens only under the key it was sealed for, so it is never copied: set it in TO/ with\n' +
          "'setpoint put KEY --secret'. Nothing to copy prints so and exits 0. Needs reader on FROM/ and publisher on\n" +
          `TO/. 'setpoint diff TO/ FROM/' shows the same difference.\n${serverHelp}\n${exitStatusHelp}`,
      )
      .exitOverride(usageExit),
  ).action((from: string, to: string, paths: string[], flags: CopyFlags) =>
    runRemote('cp', () => copy(from, to, paths, flags)),
  );
}

async function copy(
  fromText: string,
  toText: string,
  paths: readonly string[],
  flags: CopyFlags,
): Promise<void> {
  const from = directoryName(fromText);
  const to = directoryName(toText);
  const relative = paths.map((path) => (path.startsWith(`${from}/`) ? path.slice(from.length + 1) : path));
  const client = await openClient(flags);
  const body = {
    from,
    to,
    prune: flags.prune,
    ...(relative.length > 0 ? { paths: relative } : {}),
    ...(flags.message !== undefined ? { message: flags.message } : {}),
  };
  // Nothing to copy is not a failure; the preview still says which sealed keys were left alone.
  const answer =
    (await unlessUnchanged(client.post<CopyAnswer>('/copy', { ...body, dryRun: flags.dryRun }))) ??
    (await client.post<CopyAnswer>('/copy', { ...body, dryRun: true }));
  if (flags.json) return printJson(answer);
  if (answer.entries.length === 0) {
    process.stdout.write(
      `'${to}/' already holds what '${from}/' has${flags.prune ? '' : ' (without --prune)'}; nothing written\n`,
    );
    for (const skipped of answer.skipped)
      process.stderr.write(`skipped ${skipped.path}: ${skipped.reason}\n`);
    return;
  }
  const head = flags.dryRun
    ? `dry run: copying '${from}/' into '${to}/' would make ${countChanges(answer.entries)}; nothing written`
    : `copied '${from}/' into '${to}/' at revision ${answer.change?.revision}: ${countChanges(answer.entries)}`;
  process.stdout.write(`${head}\n${formatDiff(answer.entries)}`);
  for (const skipped of answer.skipped) {
    process.stderr.write(`skipped ${skipped.path}: ${skipped.reason}\n`);
  }
}
