// The difference between two points of a history (or one point and now), as the one diff table.
import { Group, Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { DiffTable } from '../../shell/DiffTable';
import { QueryState } from '../../shell/QueryState';
import { relativeEntries } from './relative';
import type { ComparedPoints } from './timeline';

/**
 * What differs for `path` (a key or `DIRECTORY/`) between `points.from` and `points.to` (or now).
 *
 * @example
 * <HistoryDiff directory="hack" path="hack/" points={{ from: 700, to: 812 }} />
 */
export function HistoryDiff({
  directory,
  path,
  points,
}: {
  directory: string;
  path: string;
  points: ComparedPoints;
}) {
  const diff = useQuery({
    queryKey: [...queryKeys.directory(directory), 'diff', path, points.from, points.to ?? 'now'],
    queryFn: () =>
      answer(
        api.GET('/api/v1/diff', {
          params: {
            query: { path, from: points.from, ...(points.to !== undefined ? { to: points.to } : {}) },
          },
        }),
      ),
    retry: false,
  });
  const toLabel = points.to === undefined ? 'now' : `revision ${points.to}`;
  return (
    <Paper withBorder p="sm" component="section" aria-label="Differences between the picked points">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={2} size="h5">
          {points.to === points.from + 1
            ? `What revision ${points.to} changed`
            : `Revision ${points.from} → ${toLabel}`}
        </Title>
        {diff.data !== undefined && points.to === undefined && (
          <Text size="xs" c="dimmed">
            now is revision {diff.data.to}
          </Text>
        )}
      </Group>
      <QueryState query={diff} what="the differences">
        {(data) => (
          <DiffTable
            entries={relativeEntries(directory, data.entries)}
            labels={[`at revision ${data.from}`, points.to === undefined ? 'now' : `at revision ${data.to}`]}
            caption={`Differences from revision ${data.from} to ${points.to === undefined ? 'now' : `revision ${data.to}`}`}
          />
        )}
      </QueryState>
    </Paper>
  );
}
