// The keys of a directory as a table, one page at a time (a directory of 10,000 keys renders only
// the rows shown): value, who set it and when, what is staged for it, and in-place editing.
import {
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Pagination,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import type { DiffSide } from '../../shell/DiffTable';
import { shortTime } from '../../shell/time';
import type { StagedChange } from '../changesets/change-set-view';
import type { DirectoryKey } from './useDirectory';
import type { TemplateChecks } from './useTemplateChecks';
import { type ValueEdit, ValueEditor } from './ValueEditor';

export const PAGE_SIZE = 50;

/** A key of the table: the key as read, with its path inside the directory. */
export interface KeyRow extends DirectoryKey {
  readonly path: string;
  readonly searchText: string;
}

/** What the table may do for a key, decided by the caller's grants. */
export interface KeyActions {
  /** Why the user may not edit the key, or undefined when they may. */
  whyNotWrite(key: string): string | undefined;
  stage(key: KeyRow, edit: ValueEdit): Promise<boolean>;
  stageDelete(key: KeyRow): void;
  unstage(key: string): void;
  busyKey: string | undefined;
}

function ValueText({ side }: { side: DiffSide | { sealed: boolean; value?: string } }) {
  if (side.sealed)
    return (
      <Badge variant="outline" color="gray" size="sm">
        sealed
      </Badge>
    );
  const value = side.value ?? '';
  return value === '' ? (
    <Text size="xs" c="dimmed">
      (empty)
    </Text>
  ) : (
    <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{value}</Code>
  );
}

function StagedNote({ staged }: { staged: StagedChange }) {
  if (staged.action === 'delete')
    return (
      <Badge color="red" variant="light" size="sm">
        staged: delete
      </Badge>
    );
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color="blue" variant="light" size="sm">
        staged
      </Badge>
      {staged.staged !== undefined && <ValueText side={staged.staged} />}
    </Group>
  );
}

function KeyTableRow({
  directory,
  row,
  staged,
  checks,
  actions,
}: {
  directory: string;
  row: KeyRow;
  staged: StagedChange | undefined;
  checks: TemplateChecks;
  actions: KeyActions;
}) {
  const [editing, setEditing] = useState(false);
  // After Enter or Escape the keyboard goes back to the value it left.
  // After Enter or Escape the keyboard goes back to the value it was editing.
  const editButton = useRef<HTMLButtonElement>(null);
  const stopEditing = () => {
    setEditing(false);
    requestAnimationFrame(() => editButton.current?.focus());
  };
  const notAllowed = actions.whyNotWrite(row.key);
  const busy = actions.busyKey === row.key;
  const editLabel = row.sealed ? `Replace ${row.key}` : `Edit ${row.key}`;
  return (
    <Table.Tr data-key={row.key}>
      <Table.Td style={{ maxWidth: 280 }}>
        <Anchor
          component={Link}
          to={`/directories/${encodeURIComponent(directory)}/history?key=${encodeURIComponent(row.key)}`}
          size="sm"
          aria-label={`History of ${row.key}`}
          style={{ display: 'block', minWidth: 120, overflowWrap: 'anywhere' }}
        >
          {row.path}
        </Anchor>
      </Table.Td>
      <Table.Td style={{ minWidth: 200 }}>
        {editing ? (
          <ValueEditor
            keyPath={row.key}
            path={row.path}
            initial={row.value ?? ''}
            sealed={row.sealed}
            checks={checks}
            saving={busy}
            onCancel={stopEditing}
            onSave={async (edit) => {
              if (await actions.stage(row, edit)) stopEditing();
            }}
          />
        ) : (
          <Stack gap={2} miw={170}>
            {notAllowed === undefined ? (
              <Button
                variant="subtle"
                color="dark"
                size="compact-sm"
                aria-label={editLabel}
                ref={editButton}
                title={row.sealed ? 'Replace the sealed value' : 'Edit in place'}
                onClick={() => setEditing(true)}
                styles={{ root: { height: 'auto', maxWidth: '100%' }, label: { whiteSpace: 'normal' } }}
                justify="flex-start"
              >
                <ValueText side={row} />
              </Button>
            ) : (
              <ValueText side={row} />
            )}
            {row.sealed && (
              <Text size="xs" c="dimmed">
                set
                {row.setBy !== undefined
                  ? ` by ${row.setBy.user}, ${shortTime(row.setBy.at)}`
                  : ' outside Setpoint'}
              </Text>
            )}
            {staged !== undefined && <StagedNote staged={staged} />}
          </Stack>
        )}
      </Table.Td>
      <Table.Td visibleFrom="sm">
        {row.setBy !== undefined ? (
          <Text size="xs" title={row.setBy.message === '' ? `by ${row.setBy.source}` : row.setBy.message}>
            {row.setBy.user} · {shortTime(row.setBy.at)}
          </Text>
        ) : (
          <Text size="xs" c="dimmed">
            outside Setpoint
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {notAllowed === undefined && !editing && (
          <Group gap={4} wrap="nowrap">
            {staged !== undefined ? (
              <Button
                size="compact-xs"
                variant="default"
                aria-label={`Unstage ${row.key}`}
                onClick={() => actions.unstage(row.key)}
                loading={busy}
              >
                Unstage
              </Button>
            ) : (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                aria-label={`Delete ${row.key}`}
                onClick={() => actions.stageDelete(row)}
                loading={busy}
              >
                Delete
              </Button>
            )}
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The table of `rows` (already filtered), paged.
 *
 * @example
 * <KeyTable directory="hack" rows={rows} staged={staged} checks={checks} actions={actions} />
 */
export function KeyTable({
  directory,
  rows,
  staged,
  checks,
  actions,
  page,
  onPage,
}: {
  directory: string;
  rows: readonly KeyRow[];
  staged: ReadonlyMap<string, StagedChange>;
  checks: TemplateChecks;
  actions: KeyActions;
  page: number;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const current = Math.min(page, pages);
  const shown = rows.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={420}>
        <Table striped highlightOnHover verticalSpacing={4} aria-label={`Keys of ${directory}/`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Key</Table.Th>
              <Table.Th>Value</Table.Th>
              <Table.Th visibleFrom="sm">Set by</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((row) => (
              <KeyTableRow
                key={row.key}
                directory={directory}
                row={row}
                staged={staged.get(row.key)}
                checks={checks}
                actions={actions}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 && (
        <Group justify="space-between" wrap="wrap">
          <Text size="xs" c="dimmed">
            {(current - 1) * PAGE_SIZE + 1}–{Math.min(current * PAGE_SIZE, rows.length)} of {rows.length} keys
          </Text>
          <Pagination
            size="sm"
            total={pages}
            value={current}
            onChange={onPage}
            siblings={1}
            getControlProps={(control) => ({
              'aria-label':
                control === 'previous' ? 'Previous page' : control === 'next' ? 'Next page' : control,
            })}
            getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
          />
        </Group>
      )}
    </Stack>
  );
}
