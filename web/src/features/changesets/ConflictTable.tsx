// The keys someone else changed since they were staged: their value now beside the user's, and per
// key "Keep mine" (stage it again on their revision) or "Take theirs" (drop the user's change).
import { Alert, Button, Code, Group, PasswordInput, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { SideValue } from '../../shell/DiffTable';
import { type Conflict, keepMine } from './change-set-view';

export interface ConflictResolution {
  keep(conflict: Conflict, sealedValue?: string): void;
  take(conflict: Conflict): void;
  busyKey: string | undefined;
  /** Why the user may not change the change set, or undefined. */
  whyNotWrite(key: string): string | undefined;
}

function SealedKeep({ conflict, resolution }: { conflict: Conflict; resolution: ConflictResolution }) {
  const [value, setValue] = useState('');
  return (
    <Group gap={4} wrap="nowrap" align="flex-end">
      <PasswordInput
        size="xs"
        label={`Your value of ${conflict.key} again`}
        description="sealed: type it again to keep it"
        value={value}
        onChange={(event) => setValue(event.currentTarget.value)}
        autoComplete="off"
      />
      <Button
        size="compact-xs"
        disabled={value === ''}
        loading={resolution.busyKey === conflict.key}
        aria-label={`Keep mine for ${conflict.key}`}
        onClick={() => resolution.keep(conflict, value)}
      >
        Keep mine
      </Button>
    </Group>
  );
}

/**
 * The conflicts, with their resolution per key.
 *
 * @example
 * <ConflictTable conflicts={conflictsOf(changeSet)} resolution={resolution} />
 */
export function ConflictTable({
  conflicts,
  resolution,
}: {
  conflicts: readonly Conflict[];
  resolution: ConflictResolution;
}) {
  if (conflicts.length === 0) return null;
  return (
    <Alert
      color="red"
      title={`${conflicts.length} staged ${conflicts.length === 1 ? 'key' : 'keys'} changed meanwhile`}
      p="sm"
      my="sm"
    >
      <Text size="sm" mb="xs">
        Someone published a change to {conflicts.length === 1 ? 'this key' : 'these keys'} after you staged
        yours. Publishing is refused until you choose, per key, which value to keep.
      </Text>
      <Table.ScrollContainer minWidth={560}>
        <Table aria-label="Conflicts" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Key</Table.Th>
              <Table.Th>Theirs (published)</Table.Th>
              <Table.Th>Yours (staged)</Table.Th>
              <Table.Th>Resolve</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {conflicts.map((conflict) => {
              const notAllowed = resolution.whyNotWrite(conflict.key);
              return (
                <Table.Tr key={conflict.key} data-conflict={conflict.key}>
                  <Table.Td>
                    <Code>{conflict.key}</Code>
                  </Table.Td>
                  <Table.Td>
                    {conflict.theirs === undefined ? (
                      <Text size="xs">deleted</Text>
                    ) : (
                      <SideValue side={conflict.theirs} />
                    )}
                  </Table.Td>
                  <Table.Td>
                    {conflict.action === 'delete' ? (
                      <Text size="xs">delete</Text>
                    ) : (
                      <SideValue side={conflict.yours} />
                    )}
                  </Table.Td>
                  <Table.Td>
                    {notAllowed !== undefined ? (
                      <Text size="xs" c="dimmed">
                        {notAllowed}
                      </Text>
                    ) : (
                      <Stack gap={4}>
                        {keepMine(conflict) === undefined ? (
                          <SealedKeep conflict={conflict} resolution={resolution} />
                        ) : (
                          <Button
                            size="compact-xs"
                            aria-label={`Keep mine for ${conflict.key}`}
                            loading={resolution.busyKey === conflict.key}
                            onClick={() => resolution.keep(conflict)}
                          >
                            Keep mine
                          </Button>
                        )}
                        <Button
                          size="compact-xs"
                          variant="default"
                          aria-label={`Take theirs for ${conflict.key}`}
                          loading={resolution.busyKey === conflict.key}
                          onClick={() => resolution.take(conflict)}
                        >
                          Take theirs
                        </Button>
                      </Stack>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Alert>
  );
}
