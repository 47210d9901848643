// The audit log (admins on everything): who did what, where, from which address and how it ended,
// newest first, loaded a page at a time; filtered by user, action, path and outcome on the server.
import { Badge, Button, Code, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { PageHeader } from '../../shell/PageHeader';
import { Problem, QueryState } from '../../shell/QueryState';
import { shortTime } from '../../shell/time';
import { AdminOnly } from './AdminOnly';
import { type AuditFilter, auditQueryOf, detailText, isFiltering, NO_FILTER } from './audit-filter';

const PAGE = 100;
/** A badge's label is never cut to an ellipsis in a narrow table column. */
const UNCUT = { label: { overflow: 'visible', textOverflow: 'clip' } } as const;
const OUTCOME_COLOR = { success: 'teal', failure: 'orange', denied: 'red' } as const;

export function AuditPage() {
  return (
    <AdminOnly what="The audit log">
      <AuditScreen />
    </AdminOnly>
  );
}

function AuditScreen() {
  const [filter, setFilter] = useState<AuditFilter>(NO_FILTER);
  // Asked once typing pauses, not at every key.
  const [settled] = useDebouncedValue(filter, 300);
  const asked = auditQueryOf(settled);
  const audit = useInfiniteQuery({
    queryKey: [...queryKeys.audit, 'pages', asked],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      answer(
        api.GET('/api/v1/audit', {
          params: {
            query: { limit: PAGE, ...asked, ...(pageParam !== undefined ? { before: pageParam } : {}) },
          },
        }),
      ),
    getNextPageParam: (page) => page.next ?? undefined,
    // The entries shown stay while a changed filter is asked.
    placeholderData: keepPreviousData,
  });
  const set = (field: 'who' | 'action' | 'where') => (event: { currentTarget: { value: string } }) =>
    setFilter({ ...filter, [field]: event.currentTarget.value });
  const shown = audit.data?.pages.flatMap((page) => page.entries) ?? [];
  const scanned = audit.data?.pages.reduce((sum, page) => sum + page.scanned, 0) ?? 0;
  return (
    <Stack gap="sm">
      <PageHeader title="Audit log">
        <Button variant="default" onClick={() => audit.refetch()} loading={audit.isRefetching}>
          Refresh
        </Button>
      </PageHeader>
      <form aria-label="Filter the audit log" onSubmit={(event) => event.preventDefault()}>
        <Group gap="xs" align="flex-end" wrap="wrap">
          <TextInput label="User" placeholder="exact name" value={filter.who} onChange={set('who')} w={140} />
          <TextInput
            label="Action"
            placeholder="token.create, or user. for all"
            value={filter.action}
            onChange={set('action')}
            w={160}
          />
          <TextInput
            label="Path"
            placeholder="starts with: hack/, a key, a user"
            value={filter.where}
            onChange={set('where')}
            w={180}
          />
          <NativeSelect
            label="Outcome"
            size="xs"
            data={[
              { value: '', label: 'any' },
              { value: 'success', label: 'success' },
              { value: 'failure', label: 'failure' },
              { value: 'denied', label: 'denied' },
            ]}
            value={filter.outcome}
            onChange={(event) =>
              setFilter({ ...filter, outcome: event.currentTarget.value as AuditFilter['outcome'] })
            }
          />
          {isFiltering(filter) && (
            <Button variant="subtle" onClick={() => setFilter(NO_FILTER)}>
              Clear filters
            </Button>
          )}
        </Group>
      </form>
      <QueryState query={audit} what="the audit log">
        {() => (
          <>
            <Text size="xs" c="dimmed" role="status">
              {Object.keys(asked).length > 0
                ? `${shown.length} matching entries found among the ${scanned} newest looked at${audit.hasNextPage ? '; load older entries to search further back' : ''}.`
                : `${shown.length} entries loaded, newest first.`}
            </Text>
            <Table.ScrollContainer minWidth={900}>
              <Table striped aria-label="Audit entries">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>When</Table.Th>
                    <Table.Th>Who</Table.Th>
                    <Table.Th>Action</Table.Th>
                    <Table.Th>Where</Table.Th>
                    <Table.Th>From</Table.Th>
                    <Table.Th>Outcome</Table.Th>
                    <Table.Th>Detail</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((entry) => (
                    <Table.Tr key={entry.id}>
                      <Table.Td>
                        <Text size="xs" title={entry.when} style={{ whiteSpace: 'nowrap' }}>
                          {shortTime(entry.when)}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{entry.who}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Code>{entry.action}</Code>
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere', minWidth: 110, maxWidth: 320 }}>
                        {entry.where === '' ? '—' : entry.where}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{entry.from}</Table.Td>
                      <Table.Td>
                        <Badge color={OUTCOME_COLOR[entry.outcome]} variant="light" styles={UNCUT}>
                          {entry.outcome}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{detailText(entry.detail)}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {audit.error !== null && <Problem error={audit.error} title="Could not load more entries" />}
            {audit.hasNextPage ? (
              <Button
                variant="default"
                onClick={() => audit.fetchNextPage()}
                loading={audit.isFetchingNextPage}
              >
                Load older entries
              </Button>
            ) : (
              <Text size="xs" c="dimmed">
                That is the oldest entry.
              </Text>
            )}
          </>
        )}
      </QueryState>
    </Stack>
  );
}
