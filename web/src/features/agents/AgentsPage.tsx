// The Agents page: every unit of every running agent the user may see, updated live from the events
// stream, each compared with its directory's latest revision; filter by directory or agent.
import { Badge, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { PageHeader } from '../../shell/PageHeader';
import { QueryState } from '../../shell/QueryState';
import { AgentsTable } from './AgentsTable';
import { useAgents } from './agent-queries';
import { stateColor } from './agent-status';

const STATES = ['healthy', 'failed', 'starting', 'waiting-for-etcd'] as const;

export function AgentsPage() {
  const agents = useAgents();
  const [filter, setFilter] = useState('');
  return (
    <Stack gap="sm">
      <PageHeader
        title="Agents"
        description="Every running agent's units: the directory each follows, the revision it applied, its health. Updated live."
      >
        <TextInput
          label="Filter"
          placeholder="agent, unit or directory"
          value={filter}
          onChange={(event) => setFilter(event.currentTarget.value)}
          w={240}
        />
      </PageHeader>
      <QueryState query={agents} what="agents">
        {(data) => {
          const needle = filter.trim().toLowerCase();
          const shown = data.agents.filter(
            (unit) =>
              needle === '' ||
              [unit.agent, unit.unit, unit.directory].some((text) => text.toLowerCase().includes(needle)),
          );
          if (data.agents.length === 0)
            return (
              <Text c="dimmed" size="sm">
                No agent is running for the directories you may read. Start one with{' '}
                <code>setpoint agent</code> (see the agent's documentation); it shows here within seconds.
              </Text>
            );
          return (
            <>
              <Group gap="xs">
                <Text size="xs" c="dimmed">
                  {shown.length} of {data.agents.length} units · read at revision {data.revision}
                </Text>
                {STATES.map((state) => {
                  const count = data.agents.filter((unit) => unit.state === state).length;
                  return count === 0 ? null : (
                    <Badge key={state} color={stateColor(state)} variant="light" size="sm">
                      {count} {state}
                    </Badge>
                  );
                })}
              </Group>
              <AgentsTable agents={shown} caption="Agents" />
            </>
          );
        }}
      </QueryState>
    </Stack>
  );
}
