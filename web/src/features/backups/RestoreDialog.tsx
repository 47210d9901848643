// Restoring from the backups: choose a backup (as it was) or a point in time, everything or some
// directories, preview the dry run as a diff, then confirm naming what will be overwritten.
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  Paper,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiProblem, answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { DiffTable } from '../../shell/DiffTable';
import { Problem } from '../../shell/QueryState';
import {
  overwriteSummary,
  ownRecordCount,
  POINT_IN_TIME,
  prefixesOf,
  restoreEntries,
  restoreRequestOf,
} from './backup-text';
import { type BackupListing, type RestorePlan, restore } from './backups-api';

export function RestoreDialog({
  backups,
  initialBackup,
  reach,
  fullScreen,
  onClose,
}: {
  backups: readonly BackupListing[];
  initialBackup: string | undefined;
  /** Up to which revision the delta segments reach, when any. */
  reach: number | null;
  fullScreen: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  // Newest first; an encrypted one is listed but cannot be picked (the server holds no private key).
  const usable = backups
    .filter((backup) => backup.usable)
    .sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0));
  const newest = usable.find((backup) => backup.encrypted !== true);
  const [source, setSource] = useState(initialBackup ?? newest?.id ?? POINT_IN_TIME);
  const [point, setPoint] = useState('');
  const [prefixes, setPrefixes] = useState<string[]>([]);
  const [prune, setPrune] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const directories = useQuery({
    queryKey: queryKeys.directories,
    queryFn: () => answer(api.GET('/api/v1/directories')),
  });

  const request = (dryRun: boolean) => restoreRequestOf({ source, point, prefixes, prune }, dryRun);
  const preview = useMutation({ mutationFn: () => restore(request(true)) });
  const apply = useMutation({
    mutationFn: () => restore(request(false)),
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries();
    },
  });
  /** Any change to the choice makes the preview stale. */
  const changed =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      preview.reset();
      apply.reset();
      setConfirming(false);
    };

  const plan: RestorePlan | undefined = preview.data;
  const where =
    prefixesOf(prefixes).join(', ') || 'everything the backup holds (Setpoint’s own records included)';
  return (
    <Modal opened onClose={onClose} title="Restore" size="xl" fullScreen={fullScreen}>
      <Stack gap="sm">
        <form
          aria-label="What to restore"
          onSubmit={(event) => {
            event.preventDefault();
            preview.mutate();
          }}
        >
          <Stack gap="xs">
            <Group gap="xs" align="flex-end" wrap="wrap">
              <NativeSelect
                label="Restore from"
                size="xs"
                value={source}
                onChange={(event) => changed(setSource)(event.currentTarget.value)}
                data={[
                  ...usable.map((backup) => ({
                    value: backup.id,
                    label: `backup ${backup.id} (revision ${backup.revision})${backup.encrypted === true ? ' — encrypted: restore it with the CLI' : ''}`,
                    disabled: backup.encrypted === true,
                  })),
                  { value: POINT_IN_TIME, label: 'a point in time (backups and delta segments)' },
                ]}
                style={{ flex: '1 1 260px' }}
              />
              {source === POINT_IN_TIME && (
                <TextInput
                  label="Point in time"
                  description={`A revision or an ISO time; empty: the newest state recorded${reach === null ? '' : ` (revision ${reach})`}`}
                  placeholder="48213 or 2026-11-30T06:00:00Z"
                  value={point}
                  onChange={(event) => changed(setPoint)(event.currentTarget.value)}
                  style={{ flex: '1 1 220px' }}
                />
              )}
            </Group>
            <TagsInput
              label="Only these directories or prefixes"
              description="Type a directory (hack/) or pick one and press Enter; none: everything the backup holds"
              size="xs"
              data={(directories.data?.directories ?? []).map((directory) => `${directory.name}/`)}
              value={prefixes}
              onChange={changed(setPrefixes)}
              clearable
            />
            <Checkbox
              label="Also remove keys that did not exist at that point"
              size="xs"
              checked={prune}
              onChange={(event) => changed(setPrune)(event.currentTarget.checked)}
            />
            <Group>
              <Button type="submit" variant="light" loading={preview.isPending}>
                Preview restore
              </Button>
            </Group>
          </Stack>
        </form>
        {preview.error !== null && <Problem error={preview.error} title="No preview" />}
        {plan !== undefined && (
          <section aria-label="Restore preview">
            <Group gap="xs" mb="xs">
              <Text size="sm">
                From backup <b>{plan.backup}</b> at revision {plan.revision}
                {plan.deltaSegments > 0 && ` with ${plan.deltaSegments} delta segments`}:
              </Text>
              <Badge color="blue" variant="light">
                {plan.changed} changed
              </Badge>
              <Badge color="teal" variant="light">
                {plan.added} added
              </Badge>
              <Badge color="red" variant="light">
                {plan.removed} removed
              </Badge>
            </Group>
            <DiffTable
              entries={restoreEntries(plan.changes)}
              labels={['now', 'after the restore']}
              caption="What the restore would change (values are never shown)"
            />
            {ownRecordCount(plan.changes) > 0 && (
              <Alert color="orange" variant="light" mt="xs" title="Setpoint’s own records are included">
                {ownRecordCount(plan.changes)} of these changes are under _setpoint/ (users, tokens, sessions,
                history and change records): restoring them puts those back as they were too. Choose
                directories above to leave them alone.
              </Alert>
            )}
            {plan.truncated && (
              <Text size="xs" c="dimmed">
                Only the first {plan.changes.length} changes are listed; the counts are complete.
              </Text>
            )}
          </section>
        )}
        {apply.error !== null && (
          <>
            <Problem error={apply.error} title="Restore stopped" />
            {apply.error instanceof ApiProblem && apply.error.code === 'RESTORE_CONFLICT' && (
              <Text size="sm">
                Keys written before the conflict stay written: preview again to see what is left.
              </Text>
            )}
          </>
        )}
        {apply.data !== undefined && (
          <Alert color="teal" role="status" title="Restored">
            {apply.data.written} keys written from backup {apply.data.backup} (revision {apply.data.revision}
            ): {apply.data.changed} changed, {apply.data.added} added, {apply.data.removed} removed.
          </Alert>
        )}
        {plan !== undefined && apply.data === undefined && plan.changes.length > 0 && !confirming && (
          <Group justify="flex-end">
            <Button color="red" onClick={() => setConfirming(true)}>
              Restore…
            </Button>
          </Group>
        )}
        {plan !== undefined && plan.changes.length === 0 && (
          <Text size="sm" c="dimmed">
            Nothing to restore: the keys already are as they were.
          </Text>
        )}
        {plan !== undefined && confirming && (
          <Paper withBorder p="sm" bg="red.0" role="alertdialog" aria-label="Confirm the restore">
            <Text fw={600} c="red.8" mb={4}>
              Overwrite these keys?
            </Text>
            <Text size="sm">
              Restoring {where} from backup {plan.backup} will {overwriteSummary(plan)}. Values written since
              then are replaced; their history keeps them.
            </Text>
            <Group mt="xs" gap="xs">
              <Button color="red" loading={apply.isPending} onClick={() => apply.mutate()}>
                Restore now
              </Button>
              <Button variant="default" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </Group>
          </Paper>
        )}
      </Stack>
    </Modal>
  );
}
