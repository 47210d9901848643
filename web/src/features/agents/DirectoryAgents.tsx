// A directory's Agents tab: the agents following this directory (or one below it) and whether each
// has applied the directory's latest revision; live, like the Agents page.
import { Stack, Text } from '@mantine/core';
import { QueryState } from '../../shell/QueryState';
import { AgentsTable } from './AgentsTable';
import { useAgents, useLatestRevisions } from './agent-queries';
import { followingSummary } from './agent-status';

export function DirectoryAgents({ name }: { name: string }) {
  const agents = useAgents(name);
  const latest = useLatestRevisions([name]).get(name);
  return (
    <QueryState query={agents} what={`the agents following ${name}`}>
      {(data) =>
        data.agents.length === 0 ? (
          <Text c="dimmed" size="sm">
            No running agent follows {name}. An agent started with WATCH_ETCD_DIR={name} shows here within
            seconds.
          </Text>
        ) : (
          <Stack gap="xs">
            <Text size="sm" data-testid="following-summary">
              {followingSummary(
                data.agents.filter((unit) => unit.directory === name).map((unit) => unit.appliedRevision),
                latest,
              )}
            </Text>
            <AgentsTable
              agents={data.agents}
              caption={`Agents following ${name}`}
              showDirectory={data.agents.some((unit) => unit.directory !== name)}
            />
          </Stack>
        )
      }
    </QueryState>
  );
}
