// The table of agent units: agent, unit, directory, applied revision against the directory's latest,
// health and state, last error, when it last reported. Shared by the Agents page and a directory's tab.
import { Anchor, Badge, Code, Group, Table, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import { shortTime } from '../../shell/time';
import { type AgentUnit, useLatestRevisions } from './agent-queries';
import { type Freshness, freshness, stateColor } from './agent-status';

const FRESHNESS_LABEL: Record<Freshness, { text: string; color: string; hint: string }> = {
  current: { text: 'up to date', color: 'teal', hint: 'applied the directory’s latest revision' },
  behind: { text: 'behind', color: 'orange', hint: 'has not applied the directory’s latest revision yet' },
  unknown: { text: 'unknown', color: 'gray', hint: 'no change of the directory to compare with' },
};

function when(at: string | null): string {
  return at === null ? '—' : shortTime(at);
}

/**
 * Every unit in `agents`, one row each; `showDirectory` adds the directory column (the Agents page).
 *
 * @example
 * <AgentsTable agents={data.agents} caption="Agents following hack" showDirectory={false} />
 */
export function AgentsTable({
  agents,
  caption,
  showDirectory = true,
}: {
  agents: readonly AgentUnit[];
  caption: string;
  showDirectory?: boolean;
}) {
  const latest = useLatestRevisions(agents.map((unit) => unit.directory));
  return (
    <Table.ScrollContainer minWidth={showDirectory ? 900 : 760}>
      <Table striped highlightOnHover aria-label={caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Agent</Table.Th>
            <Table.Th>Unit</Table.Th>
            {showDirectory && <Table.Th>Directory</Table.Th>}
            <Table.Th>Applied revision</Table.Th>
            <Table.Th>Latest</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Last error</Table.Th>
            <Table.Th>Updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {agents.map((unit) => {
            const latestRevision = latest.get(unit.directory);
            const fresh = FRESHNESS_LABEL[freshness(unit.appliedRevision, latestRevision)];
            return (
              <Table.Tr
                key={`${unit.agent}/${unit.unit}`}
                data-agent={unit.agent}
                data-unit={unit.unit}
                aria-label={`${unit.agent} ${unit.unit}`}
              >
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {unit.agent}
                  </Text>
                  {unit.host !== null && unit.host !== unit.agent && (
                    <Text size="xs" c="dimmed">
                      on {unit.host}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{unit.unit}</Text>
                  {unit.output !== null && (
                    <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                      {unit.output}
                    </Text>
                  )}
                </Table.Td>
                {showDirectory && (
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/directories/${encodeURIComponent(unit.directory)}`}
                      size="sm"
                    >
                      {unit.directory}
                    </Anchor>
                  </Table.Td>
                )}
                <Table.Td data-testid="applied-revision">
                  <Code>{unit.appliedRevision ?? '—'}</Code>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap" style={{ whiteSpace: 'nowrap' }}>
                    <Code style={{ flexShrink: 0 }}>{latestRevision ?? '—'}</Code>
                    <Tooltip label={fresh.hint}>
                      <Badge
                        color={fresh.color}
                        variant="light"
                        size="sm"
                        data-testid="freshness"
                        style={{ flexShrink: 0, minWidth: 'max-content' }}
                      >
                        {fresh.text}
                      </Badge>
                    </Tooltip>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap" style={{ whiteSpace: 'nowrap' }}>
                    <Badge
                      color={stateColor(unit.state)}
                      variant="filled"
                      size="sm"
                      data-testid="state"
                      style={{ flexShrink: 0, minWidth: 'max-content' }}
                    >
                      {unit.state}
                    </Badge>
                    {unit.etcdConnected === false && (
                      <Badge
                        color="orange"
                        variant="outline"
                        size="sm"
                        style={{ flexShrink: 0, minWidth: 'max-content' }}
                      >
                        etcd lost
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td maw={420}>
                  {unit.lastError === null ? (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  ) : (
                    <Text size="xs" c="red" data-testid="last-error" style={{ wordBreak: 'break-word' }}>
                      {unit.failedRevision !== null && `revision ${unit.failedRevision}: `}
                      {unit.lastError}
                      {unit.rolledBack === true &&
                        ' (rolled back; the previous file is in place and healthy)'}
                      {unit.rolledBack === false && ' (rolled back, but the service is still unhealthy)'}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {when(unit.updatedAt)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
