// A directory's Agents tab: the agents following this directory (or one below it) and whether each
// has applied the directory's latest revision; live, like the Agents page.
import { Stack, Text } from '@mantine/core';
import { QueryState } from '../../shell/QueryState';
import { AgentsTable } from './AgentsTable';
import { useAgents } from './agent-queries';

export function DirectoryAgents({ name }: { name: string }) {
  const agents = useAgents(name);
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
