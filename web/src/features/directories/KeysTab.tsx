// The keys tab of a directory: the folder tree, a search across key names and plain values, the key
// table with in-place editing; every edit is staged into the user's change set, and a bar says how
// many are staged, with the way to review and publish them.
import { Alert, Button, Grid, Group, Paper, Text, TextInput } from '@mantine/core';
import { useDeferredValue, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiProblem } from '../../api/client';
import { allows, whyNot } from '../../session/permissions';
import { useSignedInUser } from '../../session/useSession';
import { Problem, QueryState } from '../../shell/QueryState';
import { stagedByKey } from '../changesets/change-set-view';
import { useChangeSets, useStaging } from '../changesets/useChangeSet';
import { AddKeyForm } from './AddKeyForm';
import { type KeyActions, type KeyRow, KeyTable } from './KeyTable';
import { KeyTree } from './KeyTree';
import { filterKeys, folderTree, searchTextOf } from './key-tree';
import { type DirectoryKey, useDirectoryKeys } from './useDirectory';
import type { TemplateChecks } from './useTemplateChecks';

/** The bar above the keys: how many changes are staged, and the way to review and publish them. */
export function StagedBar({
  directory,
  count,
  conflicts,
}: {
  directory: string;
  count: number;
  conflicts: number;
}) {
  if (count === 0) return null;
  return (
    <Paper
      withBorder
      p="xs"
      mb="sm"
      bg="var(--mantine-color-blue-light)"
      role="region"
      aria-label="Staged changes"
    >
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text size="sm">
          <b>{count}</b> staged {count === 1 ? 'change' : 'changes'}
          {conflicts > 0 && (
            <Text span c="red" size="sm">
              {' '}
              — {conflicts} {conflicts === 1 ? 'conflict' : 'conflicts'}
            </Text>
          )}
        </Text>
        <Button
          size="compact-sm"
          component={Link}
          to={`/directories/${encodeURIComponent(directory)}/changes`}
        >
          Review & publish
        </Button>
      </Group>
    </Paper>
  );
}

export function KeysTab({ directory, checks }: { directory: string; checks: TemplateChecks }) {
  const keys = useDirectoryKeys(directory);
  return (
    <QueryState query={keys} what={`the keys of ${directory}/`}>
      {(data) => <KeysView directory={directory} keys={data.keys} checks={checks} />}
    </QueryState>
  );
}

function KeysView({
  directory,
  keys,
  checks,
}: {
  directory: string;
  keys: readonly DirectoryKey[];
  checks: TemplateChecks;
}) {
  const user = useSignedInUser();
  const [folder, setFolder] = useState('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [problem, setProblem] = useState<unknown>(undefined);
  const [busyKey, setBusyKey] = useState<string | undefined>(undefined);
  const deferredSearch = useDeferredValue(search);
  const { mine } = useChangeSets(directory);
  const { stage, unstage, mineId } = useStaging(directory);

  const rows = useMemo<KeyRow[]>(
    () =>
      keys.map((key) => {
        const path = key.key.slice(directory.length + 1);
        return { ...key, path, searchText: searchTextOf({ ...key, path }) };
      }),
    [keys, directory],
  );
  const root = useMemo(() => folderTree(rows.map((row) => row.path)), [rows]);
  const shown = useMemo(
    () => filterKeys(rows, { folder, search: deferredSearch }),
    [rows, folder, deferredSearch],
  );
  const existing = useMemo(() => new Set(rows.map((row) => row.path)), [rows]);
  const staged = stagedByKey(mine.data);
  const canWrite = allows(user, 'write', `${directory}/`);

  const run = async (key: string, work: () => Promise<unknown>): Promise<boolean> => {
    setBusyKey(key);
    setProblem(undefined);
    try {
      await work();
      return true;
    } catch (error) {
      setProblem(error);
      return false;
    } finally {
      setBusyKey(undefined);
    }
  };

  const actions: KeyActions = {
    whyNotWrite: (key) => whyNot(user, 'write', key),
    busyKey,
    stage: (row, edit) =>
      run(row.key, () =>
        stage.mutateAsync({
          key: row.key,
          action: 'put',
          value: edit.value,
          sensitive: edit.sensitive,
          base: row.modRevision,
        }),
      ),
    stageDelete: (row) => {
      void run(row.key, () => stage.mutateAsync({ key: row.key, action: 'delete', base: row.modRevision }));
    },
    unstage: (key) => {
      if (mineId !== undefined) void run(key, () => unstage.mutateAsync({ id: mineId, key }));
    },
  };

  // Staged new keys are not in the directory yet: list them too, so they can be seen and unstaged.
  const stagedNew = [...staged.values()].filter(
    (change) => change.current === undefined && !existing.has(change.key.slice(directory.length + 1)),
  );

  return (
    <>
      <StagedBar directory={directory} count={staged.size} conflicts={mine.data?.conflicts ?? 0} />
      {!canWrite && (
        <Text size="xs" c="dimmed" mb="xs">
          You may read these keys only: {whyNot(user, 'write', `${directory}/`)}.
        </Text>
      )}
      {problem !== undefined && (
        <Problem
          error={problem}
          title={
            problem instanceof ApiProblem && problem.code === 'KEY_CHANGED'
              ? 'Someone changed this key since you read it'
              : 'The change was not staged'
          }
        />
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, sm: 4, lg: 3 }}>
          <nav aria-label="Folders of the directory">
            <KeyTree
              directory={directory}
              root={root}
              selected={folder}
              onSelect={(path) => {
                setFolder(path);
                setPage(1);
              }}
            />
          </nav>
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 8, lg: 9 }}>
          <Group gap="xs" mb="xs" wrap="wrap" align="flex-end">
            <TextInput
              label="Search keys and values"
              placeholder="name or value (sealed values are not searched)"
              size="xs"
              value={search}
              onChange={(event) => {
                setSearch(event.currentTarget.value);
                setPage(1);
              }}
              style={{ flex: '1 1 220px' }}
              type="search"
            />
            {canWrite && (
              <Button
                size="xs"
                variant={adding ? 'default' : 'filled'}
                onClick={() => setAdding((now) => !now)}
              >
                {adding ? 'Close' : 'Add key'}
              </Button>
            )}
          </Group>
          {adding && (
            <AddKeyForm
              directory={directory}
              checks={checks}
              existing={existing}
              saving={busyKey !== undefined}
              onClose={() => setAdding(false)}
              onAdd={(path, edit) =>
                run(`${directory}/${path}`, () =>
                  stage.mutateAsync({
                    key: `${directory}/${path}`,
                    action: 'put',
                    value: edit.value,
                    sensitive: edit.sensitive,
                    base: 0,
                  }),
                )
              }
            />
          )}
          {stagedNew.length > 0 && (
            <Alert color="blue" p="xs" my="xs" title="New keys staged">
              {stagedNew.map((change) => (
                <Group key={change.key} gap="xs" wrap="nowrap">
                  <Text size="xs" style={{ wordBreak: 'break-all' }}>
                    {change.key}
                  </Text>
                  {mineId !== undefined && (
                    <Button
                      size="compact-xs"
                      variant="default"
                      aria-label={`Unstage ${change.key}`}
                      onClick={() => actions.unstage(change.key)}
                    >
                      Unstage
                    </Button>
                  )}
                </Group>
              ))}
            </Alert>
          )}
          <Text size="xs" c="dimmed" mb={4} aria-live="polite">
            {shown.length === rows.length
              ? `${rows.length} keys`
              : `${shown.length} of ${rows.length} keys match`}
          </Text>
          {rows.length === 0 ? (
            <Text c="dimmed" size="sm">
              No keys yet.{canWrite ? ' Add one.' : ''}
            </Text>
          ) : (
            <KeyTable
              directory={directory}
              rows={shown}
              staged={staged}
              checks={checks}
              actions={actions}
              page={page}
              onPage={setPage}
            />
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}
