// The change sets tab of a directory: the staged changes as exactly what publishing will do, the
// conflicts with someone else's changes and their resolution, publishing with a message, discarding.
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useState } from 'react';
import { ApiProblem } from '../../api/client';
import { whyNot } from '../../session/permissions';
import { useSignedInUser } from '../../session/useSession';
import { DiffTable } from '../../shell/DiffTable';
import { Loading, Problem, QueryState } from '../../shell/QueryState';
import { shortTime } from '../../shell/time';
import { ConflictTable } from './ConflictTable';
import { type ChangeSet, type Conflict, conflictsOf, keepMine, publishDiff } from './change-set-view';
import { useChangeSet, useChangeSetActions, useChangeSets, useStaging } from './useChangeSet';

interface Published {
  readonly revision: number;
  readonly message: string;
  readonly keys: number;
}

export function ChangeSetPanel({ directory }: { directory: string }) {
  const { list, mineId } = useChangeSets(directory);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const [published, setPublished] = useState<Published | undefined>(undefined);
  const sets = list.data?.changesets ?? [];
  const selected = sets.some((set) => set.id === chosen) ? chosen : (mineId ?? sets[0]?.id);
  return (
    <Stack gap="sm">
      {published !== undefined && (
        <Alert
          color="teal"
          title="Published"
          withCloseButton
          onClose={() => setPublished(undefined)}
          role="status"
        >
          {published.keys} {published.keys === 1 ? 'key' : 'keys'} published as revision {published.revision}
          {published.message === '' ? '' : `: ${published.message}`}
        </Alert>
      )}
      <QueryState query={list} what="the change sets">
        {() =>
          sets.length === 0 ? (
            <Text c="dimmed" size="sm">
              Nothing is staged in {directory}/. Edit keys in the Keys tab: every edit is staged here until it
              is published.
            </Text>
          ) : (
            <>
              {sets.length > 1 && (
                <Select
                  label="Change set"
                  size="xs"
                  maw={480}
                  value={selected ?? null}
                  allowDeselect={false}
                  onChange={(value) => setChosen(value ?? undefined)}
                  data={sets.map((set) => ({
                    value: set.id,
                    label: `${set.createdBy === undefined ? '' : `${set.createdBy}'s`} change set ${set.id.slice(0, 6)} — ${set.keys} ${set.keys === 1 ? 'key' : 'keys'}${set.id === mineId ? ' (yours)' : ''}`,
                  }))}
                />
              )}
              {selected !== undefined && (
                <ChangeSetView
                  key={selected}
                  directory={directory}
                  id={selected}
                  onPublished={(change) => {
                    setPublished(change);
                    setChosen(undefined);
                  }}
                />
              )}
            </>
          )
        }
      </QueryState>
    </Stack>
  );
}

function ChangeSetView({
  directory,
  id,
  onPublished,
}: {
  directory: string;
  id: string;
  onPublished: (change: Published) => void;
}) {
  const view = useChangeSet(directory, id);
  if (view.isLoading) return <Loading what="the change set" />;
  if (view.error !== null) {
    if (view.error instanceof ApiProblem && view.error.code === 'CHANGESET_NOT_FOUND')
      return (
        <Text c="dimmed" size="sm">
          This change set was published or discarded meanwhile.
        </Text>
      );
    return <Problem error={view.error} title="Could not load the change set" retry={() => view.refetch()} />;
  }
  if (view.data === undefined) return <Loading what="the change set" />;
  return <ChangeSetDetails directory={directory} changeSet={view.data} onPublished={onPublished} />;
}

function ChangeSetDetails({
  directory,
  changeSet,
  onPublished,
}: {
  directory: string;
  changeSet: ChangeSet;
  onPublished: (change: Published) => void;
}) {
  const user = useSignedInUser();
  const { stage, unstage } = useStaging(directory);
  const { publish, discard } = useChangeSetActions(directory);
  const [message, setMessage] = useState(changeSet.message);
  const [busyKey, setBusyKey] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<unknown>(undefined);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const conflicts = conflictsOf(changeSet);
  const entries = publishDiff(changeSet);
  const notPublishable = changeSet.changes
    .map((change) => whyNot(user, 'publish', change.key))
    .find((reason) => reason !== undefined);
  const notWritable = whyNot(user, 'write', `${directory}/`);
  const publishBlocked =
    changeSet.changes.length === 0
      ? 'nothing is staged'
      : conflicts.length > 0
        ? `resolve the ${conflicts.length === 1 ? 'conflict' : `${conflicts.length} conflicts`} first`
        : notPublishable;

  const run = async (key: string | undefined, work: () => Promise<unknown>) => {
    setBusyKey(key);
    setProblem(undefined);
    try {
      await work();
    } catch (error) {
      setProblem(error);
    } finally {
      setBusyKey(undefined);
    }
  };

  const resolution = {
    busyKey,
    whyNotWrite: (key: string) => whyNot(user, 'write', key),
    keep: (conflict: Conflict, sealedValue?: string) => {
      const again = keepMine(conflict);
      const request =
        again !== undefined ? again : { action: 'put' as const, value: sealedValue ?? '', sensitive: true };
      void run(conflict.key, () => stage.mutateAsync({ ...request, key: conflict.key, into: changeSet.id }));
    },
    take: (conflict: Conflict) => {
      void run(conflict.key, () => unstage.mutateAsync({ id: changeSet.id, key: conflict.key }));
    },
  };

  const doPublish = () =>
    run(undefined, async () => {
      const change = await publish.mutateAsync({
        id: changeSet.id,
        modRevision: changeSet.modRevision,
        message,
      });
      onPublished({ revision: change.revision, message: change.message, keys: change.keys.length });
    });

  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="wrap">
        <Title order={2} size="h5">
          Change set {changeSet.id.slice(0, 6)}
        </Title>
        <Badge variant="light" size="sm">
          {changeSet.changes.length} {changeSet.changes.length === 1 ? 'change' : 'changes'}
        </Badge>
        <Text size="xs" c="dimmed">
          started by {changeSet.createdBy}, {shortTime(changeSet.createdAt)}
        </Text>
      </Group>
      {problem !== undefined && (
        <Problem
          error={problem}
          title={
            problem instanceof ApiProblem && problem.code === 'KEY_CHANGED'
              ? 'Someone changed a key you staged: nothing was published'
              : problem instanceof ApiProblem && problem.code === 'CHANGESET_CHANGED'
                ? 'The change set changed since you looked: review it again'
                : 'That did not work'
          }
        />
      )}
      <ConflictTable conflicts={conflicts} resolution={resolution} />
      <DiffTable
        entries={entries}
        labels={['now', 'after publishing']}
        caption="What publishing will do"
        extra={
          notWritable === undefined
            ? {
                header: 'Staged by',
                cell: (entry) => {
                  const staged = changeSet.changes.find((change) => change.key === entry.path);
                  return (
                    <Group gap={4} wrap="nowrap">
                      <Text size="xs">{staged?.stagedBy}</Text>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        aria-label={`Unstage ${entry.path}`}
                        loading={busyKey === entry.path}
                        onClick={() =>
                          void run(entry.path, () =>
                            unstage.mutateAsync({ id: changeSet.id, key: entry.path }),
                          )
                        }
                      >
                        Unstage
                      </Button>
                    </Group>
                  );
                },
              }
            : undefined
        }
      />
      <Paper withBorder p="sm" component="section" aria-label="Publish">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label="Message"
            description="why this change; shown in the history"
            size="xs"
            value={message}
            maxLength={2000}
            onChange={(event) => setMessage(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && publishBlocked === undefined) void doPublish();
            }}
            style={{ flex: '1 1 260px' }}
          />
          <Tooltip label={publishBlocked} disabled={publishBlocked === undefined}>
            <Button
              onClick={() => void doPublish()}
              disabled={publishBlocked !== undefined}
              loading={publish.isPending}
            >
              Publish
            </Button>
          </Tooltip>
          {notWritable === undefined &&
            (confirmDiscard ? (
              <Group gap={4}>
                <Button
                  color="red"
                  variant="light"
                  loading={discard.isPending}
                  onClick={() => void run(undefined, () => discard.mutateAsync(changeSet.id))}
                >
                  Discard {changeSet.changes.length} {changeSet.changes.length === 1 ? 'change' : 'changes'}
                </Button>
                <Button variant="default" onClick={() => setConfirmDiscard(false)}>
                  Keep them
                </Button>
              </Group>
            ) : (
              <Button variant="subtle" color="red" onClick={() => setConfirmDiscard(true)}>
                Discard…
              </Button>
            ))}
        </Group>
        {publishBlocked !== undefined && (
          <Text size="xs" c="dimmed" mt={4}>
            Publishing is not possible: {publishBlocked}.
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
