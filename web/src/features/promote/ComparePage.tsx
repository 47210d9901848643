// Compare & promote (/compare?from=&to=): two directories side by side, what a copy of one into
// the other would change, and the copy of the picked keys or of all, previewed first.
import {
  ActionIcon,
  Badge,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { useLiveEvents } from '../../events/LiveEvents';
import { whyNot } from '../../session/permissions';
import { useSignedInUser } from '../../session/useSession';
import { type DiffEntry, DiffTable } from '../../shell/DiffTable';
import { QueryState } from '../../shell/QueryState';
import { GuardedButton } from '../history/GuardedButton';
import { PromotePreview } from './PromotePreview';
import { type CopyChoice, copyablePaths, notCopyable, pickedPaths } from './selection';

export function ComparePage() {
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const directories = useQuery({
    queryKey: queryKeys.directories,
    queryFn: () => answer(api.GET('/api/v1/directories')),
  });
  // A name from the address stays shown even when it is not listed (not readable, or not made yet).
  const names = [
    ...new Set(
      [...(directories.data?.directories ?? []).map((d) => d.name), from, to].filter((n) => n !== ''),
    ),
  ].sort();
  const choose = (side: 'from' | 'to', name: string | null) => {
    const next = new URLSearchParams(params);
    if (name === null || name === '') next.delete(side);
    else next.set(side, name);
    setParams(next);
  };
  const swap = () => {
    const next = new URLSearchParams(params);
    next.set('from', to);
    next.set('to', from);
    setParams(next);
  };
  return (
    <Stack gap="sm">
      <Title order={1} size="h3">
        Compare &amp; promote
      </Title>
      <Text size="sm" c="dimmed">
        See how one directory differs from another, then copy the values you pick — or all of them — from the
        source into the target, as one change (e.g. registry-test → registry-production-1.0).
      </Text>
      {directories.error !== null ? (
        <QueryState query={directories} what="the directories">
          {() => null}
        </QueryState>
      ) : (
        <Group align="flex-end" gap="xs" wrap="wrap">
          <Select
            label="From (source)"
            placeholder="Pick a directory"
            data={names}
            value={from === '' ? null : from}
            onChange={(name) => choose('from', name)}
            searchable
            nothingFoundMessage="No such directory"
            w={{ base: '100%', xs: 260 }}
          />
          <Tooltip label="Swap source and target">
            <ActionIcon
              variant="default"
              size="lg"
              mb={1}
              aria-label="Swap source and target"
              onClick={swap}
              disabled={from === '' && to === ''}
            >
              ⇄
            </ActionIcon>
          </Tooltip>
          <Select
            label="To (target)"
            placeholder="Pick a directory"
            data={names}
            value={to === '' ? null : to}
            onChange={(name) => choose('to', name)}
            searchable
            nothingFoundMessage="No such directory"
            w={{ base: '100%', xs: 260 }}
          />
        </Group>
      )}
      {from !== '' && to !== '' ? (
        from === to ? (
          <Text size="sm" c="dimmed">
            Pick two different directories.
          </Text>
        ) : (
          <Comparison key={`${from}\n${to}`} from={from} to={to} />
        )
      ) : (
        <Text size="sm" c="dimmed">
          Pick a source and a target directory to compare them.
        </Text>
      )}
    </Stack>
  );
}

/** The comparison of `to` with `from`, the keys picked, and the ways to copy them. */
function Comparison({ from, to }: { from: string; to: string }) {
  const user = useSignedInUser();
  const live = useLiveEvents();
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [prune, setPrune] = useState(false);
  const [copying, setCopying] = useState<CopyChoice | undefined>(undefined);
  const queryKey = [...queryKeys.directory(to), 'compare', from];
  const compared = useQuery({
    queryKey,
    queryFn: () => answer(api.GET('/api/v1/compare', { params: { query: { from, to } } })),
  });
  // A change in the target refreshes by its query key; one in the source is watched here.
  useEffect(
    () =>
      live.subscribe((type, data) => {
        if (type === 'change' && data.directory === from)
          void queryClient.invalidateQueries({ queryKey: [...queryKeys.directory(to), 'compare', from] });
      }),
    [live, queryClient, from, to],
  );
  const publishWhyNot = whyNot(user, 'publish', `${to}/`);
  return (
    <QueryState query={compared} what={`the comparison of ${from} and ${to}`}>
      {(data) => {
        const entries: readonly DiffEntry[] = data.entries;
        const copyable = copyablePaths(entries, from, to);
        const chosen = pickedPaths(picked, entries);
        const allPicked = copyable.length > 0 && copyable.every((path) => picked.has(path));
        const counts = { added: 0, changed: 0, removed: 0 };
        for (const entry of entries) counts[entry.change] += 1;
        return (
          <Stack gap="sm">
            <Paper withBorder p="xs">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Group gap="xs" wrap="wrap" aria-label="Summary of the differences">
                  <Text size="sm" fw={600}>
                    {entries.length} {entries.length === 1 ? 'difference' : 'differences'}
                  </Text>
                  <Badge color="teal" variant="light">
                    {counts.added} only in {from}
                  </Badge>
                  <Badge color="blue" variant="light">
                    {counts.changed} changed
                  </Badge>
                  <Badge color="red" variant="light">
                    {counts.removed} only in {to}
                  </Badge>
                </Group>
                <Checkbox
                  label="Pick all that can be copied"
                  checked={allPicked}
                  indeterminate={!allPicked && chosen.length > 0}
                  disabled={copyable.length === 0}
                  onChange={() => setPicked(allPicked ? new Set() : new Set(copyable))}
                />
              </Group>
            </Paper>
            <DiffTable
              entries={entries}
              labels={[`${to} (target)`, `${from} (source)`]}
              caption={`How ${to} differs from ${from}`}
              extra={{
                header: 'Copy',
                cell: (entry) => {
                  const reason = notCopyable(entry, from, to);
                  if (reason !== undefined)
                    return (
                      <Tooltip
                        label={reason}
                        multiline
                        maw={320}
                        events={{ hover: true, focus: true, touch: true }}
                      >
                        <Badge
                          variant="outline"
                          color="gray"
                          size="sm"
                          tabIndex={0}
                          aria-label={`${entry.path} is not copied: ${reason}`}
                        >
                          not copied
                        </Badge>
                      </Tooltip>
                    );
                  const label =
                    entry.change === 'removed' ? `Delete ${entry.path} from ${to}` : `Copy ${entry.path}`;
                  return (
                    <Checkbox
                      aria-label={label}
                      checked={picked.has(entry.path)}
                      onChange={() =>
                        setPicked((now) => {
                          const next = new Set(now);
                          if (next.has(entry.path)) next.delete(entry.path);
                          else next.add(entry.path);
                          return next;
                        })
                      }
                    />
                  );
                },
              }}
            />
            {entries.length > 0 && (
              <Paper withBorder p="xs">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <GuardedButton
                    whyNot={
                      publishWhyNot ?? (chosen.length === 0 ? 'Pick the keys to copy first' : undefined)
                    }
                    onClick={() => setCopying({ kind: 'picked', paths: chosen })}
                  >
                    Preview copy of {chosen.length} picked {chosen.length === 1 ? 'key' : 'keys'}
                  </GuardedButton>
                  <Group gap="sm" wrap="wrap">
                    <Switch
                      label={`Also delete the keys only in ${to}`}
                      checked={prune}
                      onChange={(event) => setPrune(event.currentTarget.checked)}
                    />
                    <GuardedButton
                      variant="light"
                      whyNot={publishWhyNot}
                      onClick={() => setCopying({ kind: 'all', prune })}
                    >
                      Preview copy of all
                    </GuardedButton>
                  </Group>
                </Group>
              </Paper>
            )}
            {copying !== undefined && (
              <PromotePreview
                from={from}
                to={to}
                choice={copying}
                entries={entries}
                onClose={() => setCopying(undefined)}
                onCopied={() => setPicked(new Set())}
              />
            )}
          </Stack>
        );
      }}
    </QueryState>
  );
}
