#!/usr/bin/env node
// The `setpoint` command: one sub-command per file in this folder, loaded only when asked for
// (commands.ts).
import { Command } from 'commander';
import { registerCommands } from './commands.js';
import { version } from './version.js';

const program = new Command()
  .name('setpoint')
  .description('Configuration on etcd: directories of keys, sealed secrets, history, backups, and an agent.')
  .version(version);

registerCommands(program, process.argv[2])
  .then(() => program.parseAsync(process.argv))
  .catch((err: unknown) => {
    process.stderr.write(`setpoint: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
