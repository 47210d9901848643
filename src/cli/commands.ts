// Which file registers which sub-command, so `setpoint NAME` loads only what NAME needs: the
// whole service, the agent and the etcd client are heavy to load (about a second together), and
// every other command paid for them on each run.
import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * A file of sub-commands: the names it registers and how to load it.
 *
 * @example
 * const entry = COMMAND_FILES.find((file) => file.names.includes('put'));
 * (await entry.load())(program);
 */
export interface CommandFile {
  readonly names: readonly string[];
  readonly load: () => Promise<Register>;
}

/** In the order `setpoint --help` lists them. */
export const COMMAND_FILES: readonly CommandFile[] = [
  { names: ['serve'], load: async () => (await import('./serve.js')).serveCommand },
  { names: ['etcd'], load: async () => (await import('./etcd.js')).etcdCommand },
  { names: ['login', 'logout'], load: async () => (await import('./remote/login.js')).loginCommands },
  { names: ['get', 'ls', 'rm'], load: async () => (await import('./remote/keys.js')).keyCommands },
  { names: ['put'], load: async () => (await import('./put.js')).putCommand },
  { names: ['history'], load: async () => (await import('./history.js')).historyCommand },
  { names: ['rollback', 'diff'], load: async () => (await import('./remote/history.js')).historyCommands },
  { names: ['cp'], load: async () => (await import('./remote/copy.js')).copyCommand },
  { names: ['import'], load: async () => (await import('./import.js')).importCommand },
  { names: ['export'], load: async () => (await import('./export.js')).exportCommand },
  { names: ['keys'], load: async () => (await import('./keys.js')).keysCommand },
  { names: ['secrets'], load: async () => (await import('./secrets.js')).secretsCommand },
  { names: ['agent'], load: async () => (await import('./agent.js')).agentCommand },
  { names: ['backup'], load: async () => (await import('./backup.js')).backupCommand },
  { names: ['catalog'], load: async () => (await import('./catalog.js')).catalogCommand },
  { names: ['user'], load: async () => (await import('./remote/users.js')).userCommands },
  { names: ['token'], load: async () => (await import('./remote/tokens.js')).tokenCommands },
];

/**
 * Registers the file that defines `name`; none for `--version`; every file when `name` is none of
 * theirs (help, another flag, a mistyped command), so commander can list them or suggest one.
 *
 * @example
 * await registerCommands(program, process.argv[2]);
 */
export async function registerCommands(program: Command, name: string | undefined): Promise<void> {
  if (name === '--version' || name === '-V') return;
  const file = COMMAND_FILES.find((entry) => name !== undefined && entry.names.includes(name));
  const files = file !== undefined ? [file] : COMMAND_FILES;
  const registers = await Promise.all(files.map((entry) => entry.load()));
  for (const register of registers) register(program);
}
