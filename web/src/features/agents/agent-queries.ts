// Reading the agents' live status and each directory's latest revision; both refresh on live events
// (an `agent` event refreshes queryKeys.agents, a change in a directory refreshes its queries).
import { useQueries, useQuery } from '@tanstack/react-query';
import { answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { latestKeyRevision } from './agent-status';

/** One unit of a running agent, as GET /api/v1/agents answers it. */
export type AgentUnit = Awaited<ReturnType<typeof readAgents>>['agents'][number];

function readAgents(directory?: string) {
  return answer(
    api.GET('/api/v1/agents', { params: { query: directory === undefined ? {} : { directory } } }),
  );
}

/**
 * Every unit of every running agent the user may see; with `directory`, those following it or a
 * directory below it.
 *
 * @example
 * const agents = useAgents('hack');
 */
export function useAgents(directory?: string) {
  return useQuery({
    queryKey: directory === undefined ? queryKeys.agents : [...queryKeys.agents, { directory }],
    queryFn: () => readAgents(directory),
  });
}

/**
 * The latest revision of each directory (the newest change that wrote keys), by name; a directory
 * still loading or unreadable is absent.
 *
 * @example
 * const latest = useLatestRevisions(['hack']).get('hack');
 */
export function useLatestRevisions(directories: readonly string[]): Map<string, number | undefined> {
  const names = [...new Set(directories)].sort();
  const results = useQueries({
    queries: names.map((name) => ({
      queryKey: [...queryKeys.directory(name), 'latest-change'],
      queryFn: async () => {
        const { changes } = await answer(
          api.GET('/api/v1/directories/{name}/changes', { params: { path: { name }, query: { limit: 20 } } }),
        );
        return latestKeyRevision(changes) ?? null;
      },
    })),
  });
  const latest = new Map<string, number | undefined>();
  names.forEach((name, index) => {
    const data = results[index]?.data;
    if (data !== undefined) latest.set(name, data ?? undefined);
  });
  return latest;
}
