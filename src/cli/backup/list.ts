// `setpoint backup ls` and `show ID`: the backups in a target, and one backup's manifest.
import type { Command } from 'commander';
import { findBackup, listBackups, listDeltas } from '../../backup/inventory.js';
import { exitStatusHelp, runAction } from './run-action.js';
import { addTargetFlags, type TargetFlags, targetFromFlags } from './target-flags.js';

interface ListFlags extends TargetFlags {
  all: boolean;
}

export function listCommands(backup: Command): void {
  addTargetFlags(
    backup
      .command('ls')
      .summary('list the usable backups and what the delta segments reach')
      .description(
        'list the usable full backups (manifest present, data of the right size) and the revisions the delta ' +
          'segments reach; `verify` checks every byte',
      )
      .option(
        '--all',
        'also list incomplete and damaged backups, with the reason, and the parts of failed uploads nothing refers to',
        false,
      )
      .addHelpText('after', exitStatusHelp),
  ).action((flags: ListFlags) =>
    runAction('ls', async () => {
      const target = targetFromFlags(flags);
      const entries = (await listBackups(target, { checkParts: true })).filter(
        (entry) => flags.all || entry.status === 'usable',
      );
      const deltas = await listDeltas(target);
      const reach = deltas.length === 0 ? undefined : { from: deltas[0]!.from, to: deltas.at(-1)!.to };
      const orphans = flags.all ? await target.orphanedParts() : [];
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({
            target: target.description,
            backups: entries,
            deltas: { segments: deltas.length, ...reach },
            ...(flags.all ? { orphanedParts: orphans } : {}),
          })}\n`,
        );
        return;
      }
      if (entries.length === 0) process.stdout.write(`no backups in ${target.description}\n`);
      else
        process.stdout.write(
          `${'ID'.padEnd(30)} ${'REVISION'.padStart(10)} ${'KEYS'.padStart(9)} ${'BYTES'.padStart(12)}  CREATED\n`,
        );
      for (const entry of entries) {
        if (entry.status === 'usable') {
          const m = entry.manifest;
          const encrypted = m.encryptedTo === undefined ? '' : '  encrypted';
          process.stdout.write(
            `${m.id.padEnd(30)} ${String(m.revision).padStart(10)} ${String(m.keyCount).padStart(9)} ${String(m.bytes).padStart(12)}  ${m.createdAt}${encrypted}\n`,
          );
        } else {
          process.stdout.write(`${entry.id.padEnd(30)} ${entry.status.toUpperCase()}: ${entry.problem}\n`);
        }
      }
      if (reach !== undefined) {
        process.stdout.write(`delta segments: ${deltas.length}, revisions ${reach.from} to ${reach.to}\n`);
      }
      if (orphans.length > 0) {
        const bytes = orphans.reduce((sum, part) => sum + part.bytes, 0);
        const oldest = new Date(Math.min(...orphans.map((part) => part.since.getTime())));
        process.stdout.write(
          `parts no object refers to: ${orphans.length} (${bytes} bytes, the oldest from ${oldest.toISOString()}), ` +
            'left by uploads that failed or still running; prune removes those older than a day\n',
        );
        for (const part of orphans) process.stdout.write(`  ${part.name}\n`);
      }
    }),
  );

  addTargetFlags(
    backup
      .command('show')
      .summary("print a backup's manifest")
      .description("print a backup's manifest: revision, keys, bytes, SHA-256, prefixes, time, versions")
      .argument('<id>', 'the backup, as `ls` lists it')
      .addHelpText('after', exitStatusHelp),
  ).action((id: string, flags: TargetFlags) =>
    runAction('show', async () => {
      const target = targetFromFlags(flags);
      const manifest = await findBackup(target, id);
      process.stdout.write(
        flags.json
          ? `${JSON.stringify(manifest)}\n`
          : `${Object.entries(manifest)
              .map(
                ([field, value]) =>
                  `${`${field}:`.padEnd(20)} ${Array.isArray(value) ? value.map((v) => (v === '' ? '(everything)' : v)).join(', ') : value}`,
              )
              .join('\n')}\n`,
      );
    }),
  );
}
