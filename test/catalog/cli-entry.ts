// `setpoint catalog ...` as the CLI runs it, for the tests: a program with the catalog commands only
// (src/cli/main.ts registers the same function beside every other command).
import { Command } from 'commander';
import { catalogCommand } from '../../src/cli/catalog.js';

const program = new Command().name('setpoint');
catalogCommand(program);
program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`setpoint: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
