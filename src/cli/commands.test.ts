import { Command } from 'commander';
import { describe, expect, test } from 'vitest';
import { COMMAND_FILES, registerCommands } from './commands.js';

describe('the command table', () => {
  test.each(COMMAND_FILES.map((file) => [file.names.join(', '), file] as const))(
    '%s: the file registers exactly the names the table gives it',
    async (_names, file) => {
      const program = new Command();
      (await file.load())(program);
      const registered = program.commands.flatMap((command) => [command.name(), ...command.aliases()]);
      expect(registered.sort()).toEqual([...file.names].sort());
    },
  );

  test('no name is given to two files', () => {
    const names = COMMAND_FILES.flatMap((file) => file.names);
    expect(new Set(names).size).toBe(names.length);
  });

  test('a known name loads its file alone; anything else loads every file', async () => {
    const one = new Command();
    await registerCommands(one, 'put');
    expect(one.commands.map((command) => command.name())).toEqual(['put']);
    const none = new Command();
    await registerCommands(none, '--version');
    expect(none.commands).toHaveLength(0);
    for (const other of ['--help', 'help', 'puut', undefined]) {
      const all = new Command();
      await registerCommands(all, other);
      expect(all.commands).toHaveLength(COMMAND_FILES.flatMap((file) => file.names).length);
    }
  });
});
