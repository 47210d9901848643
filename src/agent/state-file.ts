// The agent's local memory of each unit, kept across restarts: the revision and content it last
// applied, and the revision that failed (not retried until the directory changes again).
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { AgentStateError } from './errors.js';

/**
 * What a unit's state file holds.
 *
 * @example
 * const state: UnitState = { applied: { revision: 42, contentHash: 'sha256:…', at: '2026-11-22T10:00:00Z' } };
 */
export interface UnitState {
  applied?: { revision: number; contentHash: string; at: string };
  failed?: { revision: number; contentHash: string; reason: string; at: string };
}

/**
 * One unit's state file, `<stateDir>/<unit>.json`, written with fsync and rename.
 *
 * @example
 * const file = new UnitStateFile('/var/lib/setpoint-agent', 'registry');
 * const state = await file.read();
 */
export class UnitStateFile {
  readonly path: string;

  constructor(
    private readonly folder: string,
    unit: string,
  ) {
    this.path = join(folder, `${unit}.json`);
  }

  /** The saved state, or an empty one when there is none yet. */
  async read(): Promise<UnitState> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new AgentStateError(this.path, (error as Error).message);
    }
    try {
      const state = JSON.parse(text) as UnitState;
      if (typeof state !== 'object' || state === null) throw new Error('not an object');
      return state;
    } catch (error) {
      throw new AgentStateError(this.path, `not the agent's JSON: ${(error as Error).message}`);
    }
  }

  /** Saves `state` durably. */
  async write(state: UnitState): Promise<void> {
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.tmp`;
    const handle = await open(temporary, constants.O_CREAT | constants.O_TRUNC | constants.O_WRONLY, 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.path);
    const folder = await open(this.folder, constants.O_RDONLY);
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }
}
