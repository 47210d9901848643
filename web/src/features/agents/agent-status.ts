// Whether an agent has applied its directory's latest revision, and how its state reads: the rules
// the Agents page and a directory's Agents tab share.

/** A change of a directory as GET /directories/:name/changes lists it (only what this needs). */
export interface DirectoryChange {
  readonly revision: number;
  readonly keys: readonly unknown[];
}

/**
 * The directory's latest revision as an agent sees it: the revision of its newest change that put or
 * deleted keys (a change of the directory's record alone, such as its description, writes no key the
 * agent renders). `undefined` when the page of changes holds none.
 *
 * @example
 * latestKeyRevision([{ revision: 90, keys: [] }, { revision: 84, keys: [{ key: 'hack/x' }] }]); // 84
 */
export function latestKeyRevision(changes: readonly DirectoryChange[]): number | undefined {
  let latest: number | undefined;
  for (const change of changes) {
    if (change.keys.length > 0 && (latest === undefined || change.revision > latest))
      latest = change.revision;
  }
  return latest;
}

/** Whether a unit applied the latest revision: 'current', 'behind', or 'unknown' (nothing to compare). */
export type Freshness = 'current' | 'behind' | 'unknown';

/**
 * Compares what a unit applied with its directory's latest revision. A unit ahead of the changes the
 * API recorded (a write made beside the API, straight to etcd) is current: it rendered a newer state.
 *
 * @example
 * freshness(42, 42); // 'current'
 * freshness(40, 42); // 'behind'
 */
export function freshness(appliedRevision: number | null, latest: number | undefined): Freshness {
  if (latest === undefined) return 'unknown';
  if (appliedRevision === null) return 'behind';
  return appliedRevision >= latest ? 'current' : 'behind';
}

/** The colour a state shows in: healthy green, failed red, the others waiting. */
export function stateColor(state: string): string {
  switch (state) {
    case 'healthy':
      return 'teal';
    case 'failed':
      return 'red';
    case 'waiting-for-etcd':
      return 'orange';
    default:
      return 'gray';
  }
}

/**
 * One line on how a directory's agents stand against its latest revision.
 *
 * @example
 * followingSummary([42, 40], 42); // '1 of 2 agents applied the latest revision, 42; 1 is behind'
 */
export function followingSummary(applied: readonly (number | null)[], latest: number | undefined): string {
  const total = applied.length;
  const units = total === 1 ? 'agent' : 'agents';
  if (latest === undefined) return `${total} ${units} following; no recorded change to compare with yet`;
  const current = applied.filter((revision) => freshness(revision, latest) === 'current').length;
  if (current === total)
    return `${total === 1 ? 'The' : `All ${total}`} ${units} applied the latest revision, ${latest}`;
  if (current === 0) {
    return total === 1
      ? `The agent has not applied the latest revision, ${latest}, yet`
      : `None of the ${total} agents has applied the latest revision, ${latest}, yet`;
  }
  const behind = total - current;
  return `${current} of ${total} ${units} applied the latest revision, ${latest}; ${behind} ${behind === 1 ? 'is' : 'are'} behind`;
}
