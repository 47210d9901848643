#!/usr/bin/env node
// The `setpoint` command: one sub-command per file in this folder.
import { Command } from 'commander';
import { agentCommand } from './agent.js';
import { backupCommand } from './backup.js';
import { catalogCommand } from './catalog.js';
import { etcdCommand } from './etcd.js';
import { exportCommand } from './export.js';
import { historyCommand } from './history.js';
import { importCommand } from './import.js';
import { keysCommand } from './keys.js';
import { putCommand } from './put.js';
import { copyCommand } from './remote/copy.js';
import { historyCommands } from './remote/history.js';
import { keyCommands } from './remote/keys.js';
import { loginCommands } from './remote/login.js';
import { tokenCommands } from './remote/tokens.js';
import { userCommands } from './remote/users.js';
import { secretsCommand } from './secrets.js';
import { serveCommand } from './serve.js';
import { version } from './version.js';

const program = new Command()
  .name('setpoint')
  .description('Configuration on etcd: directories of keys, sealed secrets, history, backups, and an agent.')
  .version(version);

serveCommand(program);
etcdCommand(program);
loginCommands(program);
keyCommands(program);
putCommand(program);
historyCommand(program);
historyCommands(program);
copyCommand(program);
importCommand(program);
exportCommand(program);
keysCommand(program);
secretsCommand(program);
agentCommand(program);
backupCommand(program);
catalogCommand(program);
userCommands(program);
tokenCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`setpoint: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
