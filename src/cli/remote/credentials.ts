// The credentials file `setpoint login` writes: server URL -> API token, and the server signed in
// to last, kept readable by its owner only and replaced atomically.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ClientError } from './api-client.js';

/**
 * One saved login.
 *
 * @example
 * { token: 'spt_...', user: 'alice', tokenName: 'cli@laptop', savedAt: '2026-11-30T09:00:00.000Z' }
 */
export interface SavedLogin {
  readonly token: string;
  readonly user: string;
  readonly tokenName: string;
  readonly savedAt: string;
}

/**
 * The file's content.
 *
 * @example
 * { current: 'https://setpoint.example', servers: { 'https://setpoint.example': { token: 'spt_...', ... } } }
 */
export interface Credentials {
  /** The server commands use when neither --server nor SETPOINT_SERVER names one. */
  readonly current?: string;
  readonly servers: Readonly<Record<string, SavedLogin>>;
}

/**
 * `$XDG_CONFIG_HOME/setpoint/credentials.json`, else `~/.config/setpoint/credentials.json`.
 *
 * @example
 * credentialsPath(); // '/home/alice/.config/setpoint/credentials.json'
 */
export function credentialsPath(environment: NodeJS.ProcessEnv = process.env): string {
  const configHome = environment.XDG_CONFIG_HOME;
  const base = configHome?.startsWith('/') ? configHome : join(homedir(), '.config');
  return join(base, 'setpoint', 'credentials.json');
}

/**
 * The saved logins; none when the file does not exist. A file that is not ours throws
 * CREDENTIALS_UNREADABLE naming it.
 *
 * @example
 * const { current, servers } = await readCredentials();
 */
export async function readCredentials(path: string = credentialsPath()): Promise<Credentials> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { servers: {} };
    throw new ClientError(
      'CREDENTIALS_UNREADABLE',
      `cannot read the credentials file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  const parsed = parseCredentials(text);
  if (parsed === undefined) {
    throw new ClientError(
      'CREDENTIALS_UNREADABLE',
      `the credentials file ${path} is not one 'setpoint login' wrote; remove it and sign in again`,
    );
  }
  return parsed;
}

function parseCredentials(text: string): Credentials | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const { current, servers } = json as { current?: unknown; servers?: unknown };
  if (current !== undefined && typeof current !== 'string') return undefined;
  if (typeof servers !== 'object' || servers === null) return undefined;
  const logins: Record<string, SavedLogin> = {};
  for (const [server, login] of Object.entries(servers)) {
    const { token, user, tokenName, savedAt } = (login ?? {}) as Record<string, unknown>;
    if (typeof token !== 'string' || typeof user !== 'string') return undefined;
    logins[server] = {
      token,
      user,
      tokenName: typeof tokenName === 'string' ? tokenName : '',
      savedAt: typeof savedAt === 'string' ? savedAt : '',
    };
  }
  return { ...(current !== undefined ? { current } : {}), servers: logins };
}

/**
 * Saves `login` for `server` and makes it the current server; returns the login it replaced.
 *
 * @example
 * await saveLogin('https://setpoint.example', { token, user: 'alice', tokenName, savedAt });
 */
export async function saveLogin(
  server: string,
  login: SavedLogin,
  path: string = credentialsPath(),
): Promise<SavedLogin | undefined> {
  const credentials = await readCredentials(path);
  const previous = credentials.servers[server];
  await writeCredentials(path, { current: server, servers: { ...credentials.servers, [server]: login } });
  return previous;
}

/**
 * Forgets the login of `server`; the current server becomes another saved one, or none. Returns
 * the login removed (undefined when there was none, and then nothing is written).
 *
 * @example
 * const removed = await removeLogin('https://setpoint.example');
 */
export async function removeLogin(
  server: string,
  path: string = credentialsPath(),
): Promise<SavedLogin | undefined> {
  const credentials = await readCredentials(path);
  const removed = credentials.servers[server];
  if (removed === undefined) return undefined;
  const servers = { ...credentials.servers };
  delete servers[server];
  const current = credentials.current === server ? Object.keys(servers)[0] : credentials.current;
  await writeCredentials(path, { ...(current !== undefined ? { current } : {}), servers });
  return removed;
}

/**
 * Writes the file so a reader sees the old content or the new, never half: a temporary file with
 * mode 0600 in the same folder (made 0700), fsync, rename, fsync of the folder.
 */
async function writeCredentials(path: string, credentials: Credentials): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temporary = join(folder, `.credentials.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    // The umask may have taken bits away, never added any; 0600 whatever it is.
    await chmod(temporary, 0o600);
    await handle.writeFile(`${JSON.stringify(credentials, null, 2)}\n`, 'utf8');
    await handle.sync();
    await handle.close();
    await rename(temporary, path);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw new Error(
      `cannot write the credentials file ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`,
    );
  }
  const directory = await open(folder, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
