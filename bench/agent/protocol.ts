// The messages the agent benchmark's parent and its agent-host child processes exchange.

/** One agent a host runs: its name (in its status key) and its own folder (output file and state). */
export interface HostedAgent {
  name: string;
  /** Holds `app.yml` (the rendered file) and `state/` (the agent's state folder). */
  folder: string;
}

/** Parent -> host. */
export type HostCommand =
  | { type: 'start'; endpoint: string; directory: string; debounceMs: number; agents: HostedAgent[] }
  | { type: 'stop' };

/** Host -> parent. */
export type HostReport = { type: 'started' } | { type: 'stopped' } | { type: 'failed'; error: string };

/** The file an agent renders, in its folder. */
export const outputName = 'app.yml';
