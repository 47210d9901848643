// A `setpoint` program holding only `setpoint history`, so the tests run the command as a user does
// before it is registered in src/cli/main.ts.
import { Command } from 'commander';
import { historyCommand } from '../../src/cli/history.js';

const program = new Command().name('setpoint');
historyCommand(program);
program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`setpoint: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
