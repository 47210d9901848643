// One way to show a diff everywhere (change sets, history, promote, restore): each key added,
// removed or changed with its value before and after; sealed values shown as sealed, never read.
import { Badge, Code, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A side of a diff entry as the API sends it. */
export interface DiffSide {
  readonly sealed: boolean;
  readonly value?: string;
  readonly modRevision?: number;
}

/** One entry of a diff answer (`diffEntrySchema` on the server). */
export interface DiffEntry {
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly before?: DiffSide;
  readonly after?: DiffSide;
}

const CHANGE_COLOR = { added: 'teal', removed: 'red', changed: 'blue' } as const;

/** A value as text: the value, "sealed" for a sealed one, a dash when there is none. */
export function SideValue({ side }: { side: DiffSide | undefined }) {
  if (side === undefined) return <Text c="dimmed">—</Text>;
  if (side.sealed)
    return (
      <Badge variant="outline" color="gray" size="sm">
        sealed
      </Badge>
    );
  return (
    <Code
      block={(side.value ?? '').includes('\n')}
      style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
    >
      {side.value ?? ''}
    </Code>
  );
}

/**
 * The entries as a table: path, what changes, before, after; `extra` adds a last cell per entry
 * (a checkbox to pick keys, a conflict marker…). `labels` name the two sides.
 *
 * @example
 * <DiffTable entries={diff} labels={['published', 'staged']} caption="What publishing will do" />
 */
export function DiffTable({
  entries,
  labels = ['before', 'after'],
  caption,
  extra,
}: {
  entries: readonly DiffEntry[];
  labels?: readonly [string, string];
  caption?: string;
  extra?: { header: string; cell: (entry: DiffEntry) => ReactNode };
}) {
  if (entries.length === 0)
    return (
      <Text c="dimmed" size="sm">
        No differences.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped aria-label={caption ?? 'differences'}>
        {caption !== undefined && <Table.Caption>{caption}</Table.Caption>}
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Key</Table.Th>
            <Table.Th>Change</Table.Th>
            <Table.Th>{labels[0]}</Table.Th>
            <Table.Th>{labels[1]}</Table.Th>
            {extra !== undefined && <Table.Th>{extra.header}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.path} data-change={entry.change}>
              <Table.Td>
                <Code>{entry.path}</Code>
              </Table.Td>
              <Table.Td>
                <Badge color={CHANGE_COLOR[entry.change]} variant="light" size="sm">
                  {entry.change}
                </Badge>
              </Table.Td>
              <Table.Td>
                <SideValue side={entry.before} />
              </Table.Td>
              <Table.Td>
                <SideValue side={entry.after} />
              </Table.Td>
              {extra !== undefined && <Table.Td>{extra.cell(entry)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
