// The History tab of a directory (/directories/NAME/history), or of one key in it (?key=): a
// timeline of who changed what, when and why; the diff between any two points; restore a version.
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { useLiveEvents } from '../../events/LiveEvents';
import { whyNot } from '../../session/permissions';
import { useSignedInUser } from '../../session/useSession';
import { QueryState } from '../../shell/QueryState';
import { shortTime } from '../../shell/time';
import { GuardedButton } from './GuardedButton';
import { HistoryDiff } from './HistoryDiff';
import { RestorePreview } from './RestorePreview';
import { relativeKey } from './relative';
import {
  authorOf,
  changesOf,
  historyPath,
  isBehind,
  keyOfParam,
  pickPoint,
  pointsToCompare,
  sourceLabel,
} from './timeline';

const PAGE_SIZE = 50;
/** How long the timeline polls for a change the recorder has not copied yet, before giving up. */
const CATCH_UP_MS = 10_000;

type HistoryAnswer = Awaited<ReturnType<typeof readHistory>>;
type KeyHistoryAnswer = Extract<HistoryAnswer, { key: string }>;
type DirectoryHistoryAnswer = Extract<HistoryAnswer, { directory: string }>;
type KeyEntry = KeyHistoryAnswer['entries'][number];
type DirectoryEntry = DirectoryHistoryAnswer['entries'][number];

function readHistory(path: string, before: number | undefined) {
  return answer(
    api.GET('/api/v1/history/{*}', {
      params: {
        path: { '*': path },
        query: { limit: PAGE_SIZE, ...(before !== undefined ? { before } : {}) },
      },
    }),
  );
}

/** A change that the timeline waits for: published at `revision`, noticed at `since` (ms). */
interface AwaitedChange {
  readonly revision: number;
  readonly since: number;
}

export function DirectoryHistory({ name }: { name: string }) {
  const user = useSignedInUser();
  const live = useLiveEvents();
  const [params] = useSearchParams();
  const key = keyOfParam(name, params.get('key'));
  const path = historyPath(name, key);
  const [picked, setPicked] = useState<number[]>([]);
  /** A revision whose own changes are shown (its number clicked), instead of picked points. */
  const [single, setSingle] = useState<number | undefined>(undefined);
  const [restoring, setRestoring] = useState<number | undefined>(undefined);
  const [awaited, setAwaited] = useState<AwaitedChange | undefined>(undefined);

  // Another timeline: nothing picked, nothing awaited.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the path changes
  useEffect(() => {
    setPicked([]);
    setSingle(undefined);
    setAwaited(undefined);
  }, [path]);

  const awaitChange = useCallback(
    (revision: number) =>
      setAwaited((now) =>
        now !== undefined && now.revision >= revision ? now : { revision, since: Date.now() },
      ),
    [],
  );

  // A change event refreshes the timeline at once, but the recorder copies it a moment later: wait
  // for its revision to appear.
  useEffect(
    () =>
      live.subscribe((type, data) => {
        if (type !== 'change' || data.directory !== name || typeof data.revision !== 'number') return;
        if (key !== undefined && data.key !== key) return;
        awaitChange(data.revision);
      }),
    [live, name, key, awaitChange],
  );

  const history = useInfiniteQuery({
    queryKey: [...queryKeys.directory(name), 'history', path],
    queryFn: ({ pageParam }) => readHistory(path, pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.next,
    refetchInterval: (query) => {
      const newest = query.state.data?.pages[0]?.entries[0]?.revision;
      if (awaited === undefined || Date.now() - awaited.since > CATCH_UP_MS) return false;
      return isBehind(newest, awaited.revision) ? 300 : false;
    },
  });

  const publishWhyNot = whyNot(user, 'publish', path);
  const points = single !== undefined ? changesOf(single) : pointsToCompare(picked);
  const relative = key === undefined ? undefined : relativeKey(name, key);

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2} size="h4">
          {relative === undefined ? (
            <>History of {name}/</>
          ) : (
            <>
              History of key <Code fz="inherit">{relative}</Code>
            </>
          )}
        </Title>
        {relative !== undefined && (
          <Anchor component={Link} to={{ search: '' }} size="sm">
            Whole directory's history
          </Anchor>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        Pick two points to see what changed between them (one point: compared with now); a revision's number
        shows what that change did.
        {publishWhyNot === undefined
          ? ' "Restore this version" puts it back as a new change, after a preview.'
          : ''}
      </Text>
      {points !== undefined && (
        <Stack gap={4}>
          <Group justify="flex-end">
            <Button
              variant="subtle"
              size="xs"
              onClick={() => {
                setPicked([]);
                setSingle(undefined);
              }}
            >
              Hide the differences
            </Button>
          </Group>
          <HistoryDiff directory={name} path={path} points={points} />
        </Stack>
      )}
      <QueryState query={history} what="the history">
        {(data) => {
          const pages = data.pages;
          const entries = pages.flatMap((page) => page.entries as (KeyEntry | DirectoryEntry)[]);
          if (entries.length === 0)
            return (
              <Text c="dimmed" size="sm">
                Nothing recorded yet for {relative ?? `${name}/`}.
              </Text>
            );
          return (
            <>
              <Table.ScrollContainer minWidth={900}>
                <Table
                  striped
                  highlightOnHover
                  verticalSpacing={6}
                  aria-label={relative === undefined ? `History of ${name}` : `History of key ${relative}`}
                >
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={70}>Compare</Table.Th>
                      <Table.Th w={80}>Revision</Table.Th>
                      <Table.Th w={170}>When</Table.Th>
                      <Table.Th w={140}>Who</Table.Th>
                      <Table.Th>Message</Table.Th>
                      <Table.Th>{relative === undefined ? 'Keys' : 'Value'}</Table.Th>
                      <Table.Th w={170}>
                        <Text span size="sm" fw={700}>
                          Restore
                        </Text>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {entries.map((entry) => (
                      <Table.Tr key={entry.revision} data-revision={entry.revision}>
                        <Table.Td>
                          <Checkbox
                            aria-label={`Compare revision ${entry.revision}`}
                            checked={picked.includes(entry.revision)}
                            onChange={() => {
                              setSingle(undefined);
                              setPicked((now) => pickPoint(now, entry.revision));
                            }}
                          />
                        </Table.Td>
                        <Table.Td>
                          <Anchor
                            component="button"
                            type="button"
                            size="sm"
                            ff="monospace"
                            aria-label={`Show what revision ${entry.revision} changed`}
                            onClick={() => {
                              setPicked([]);
                              setSingle(entry.revision);
                            }}
                          >
                            {entry.revision}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <Tooltip label={entry.at}>
                            <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                              {shortTime(entry.at)}
                            </Text>
                          </Tooltip>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c={entry.user === undefined ? 'dimmed' : undefined}>
                            {authorOf(entry)}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" style={{ wordBreak: 'break-word' }}>
                            {entry.message ?? ''}
                          </Text>
                          {sourceLabel(entry.source) !== undefined && (
                            <Text size="xs" c="dimmed">
                              by {sourceLabel(entry.source)}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {'keys' in entry ? (
                            <TouchedKeys directory={name} keys={entry.keys} />
                          ) : (
                            <KeyValue entry={entry} />
                          )}
                        </Table.Td>
                        <Table.Td>
                          <GuardedButton
                            whyNot={publishWhyNot}
                            size="xs"
                            variant="light"
                            aria-label={`Restore this version: revision ${entry.revision}`}
                            onClick={() => setRestoring(entry.revision)}
                          >
                            Restore this version
                          </GuardedButton>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {history.hasNextPage && (
                <Group justify="center">
                  <Button
                    variant="default"
                    size="xs"
                    loading={history.isFetchingNextPage}
                    onClick={() => void history.fetchNextPage()}
                  >
                    Show older changes
                  </Button>
                </Group>
              )}
            </>
          );
        }}
      </QueryState>
      {restoring !== undefined && (
        <RestorePreview
          directory={name}
          path={path}
          revision={restoring}
          onClose={() => setRestoring(undefined)}
          onRestored={awaitChange}
        />
      )}
    </Stack>
  );
}

/** The keys a revision touched, each a link to its own history; long lists folded. */
function TouchedKeys({ directory, keys }: { directory: string; keys: DirectoryEntry['keys'] }) {
  const [all, setAll] = useState(false);
  const FOLDED = 5;
  const shown = all ? keys : keys.slice(0, FOLDED);
  return (
    <Stack gap={2}>
      {shown.map((touched) => {
        const relative = relativeKey(directory, touched.key);
        return (
          <Group key={touched.key} gap={4} wrap="nowrap">
            <Anchor
              component={Link}
              to={`?key=${encodeURIComponent(relative)}`}
              size="sm"
              ff="monospace"
              aria-label={`History of key ${relative}`}
              style={{ wordBreak: 'break-word' }}
            >
              {relative}
            </Anchor>
            {touched.action === 'delete' && (
              <Badge size="xs" color="red" variant="light" style={{ flexShrink: 0 }}>
                deleted
              </Badge>
            )}
            {touched.sealed && (
              <Badge size="xs" color="gray" variant="outline" style={{ flexShrink: 0 }}>
                sealed
              </Badge>
            )}
          </Group>
        );
      })}
      {keys.length > FOLDED && (
        <Anchor component="button" type="button" size="xs" onClick={() => setAll(!all)}>
          {all ? 'Show fewer keys' : `Show all ${keys.length} keys`}
        </Anchor>
      )}
    </Stack>
  );
}

/** What a key held after a change: its value, sealed, deleted, or too large to have been kept. */
function KeyValue({ entry }: { entry: KeyEntry }) {
  if (entry.action === 'delete')
    return (
      <Badge size="sm" color="red" variant="light">
        deleted
      </Badge>
    );
  if (entry.truncated)
    return (
      <Tooltip label="Over 768 KiB: too large for the history to keep; it cannot be restored from here (use a backup)">
        <Badge size="sm" color="orange" variant="outline">
          value not kept
        </Badge>
      </Tooltip>
    );
  if (entry.sealed)
    return (
      <Badge size="sm" color="gray" variant="outline">
        sealed
      </Badge>
    );
  return (
    <Code
      block={(entry.value ?? '').includes('\n')}
      style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
    >
      {entry.value ?? ''}
    </Code>
  );
}
