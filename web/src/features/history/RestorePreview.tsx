// "Restore this version": the dry run of a rollback of a key or a whole directory to a revision,
// shown first, then published with a message as a new change (history only grows).
import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { DiffTable } from '../../shell/DiffTable';
import { Problem, QueryState } from '../../shell/QueryState';
import { relativeEntries } from './relative';

/**
 * The restore dialog for `path` (a key, or `DIRECTORY/`) at `revision`: preview, message, publish.
 * `onRestored` gets the revision the restore was published at.
 *
 * @example
 * <RestorePreview directory="hack" path="hack/" revision={120} onClose={close} onRestored={wait} />
 */
export function RestorePreview({
  directory,
  path,
  revision,
  onClose,
  onRestored,
}: {
  directory: string;
  path: string;
  revision: number;
  onClose: () => void;
  onRestored: (revision: number) => void;
}) {
  const queryClient = useQueryClient();
  const phone = useMediaQuery('(max-width: 48em)');
  const [message, setMessage] = useState('');
  const defaultMessage = `roll ${path} back to revision ${revision}`;
  const restore = useMutation({
    mutationFn: () =>
      answer(
        api.POST('/api/v1/rollback', {
          body: {
            path,
            revision,
            dryRun: false,
            ...(message.trim() !== '' ? { message: message.trim() } : {}),
          },
        }),
      ),
    onSuccess: (result) => {
      if (result.change !== undefined) onRestored(result.change.revision);
      void queryClient.invalidateQueries({ queryKey: queryKeys.directory(directory) });
    },
  });
  const done = restore.data?.change;
  const preview = useQuery({
    queryKey: [...queryKeys.directory(directory), 'restore-preview', path, revision],
    queryFn: () => answer(api.POST('/api/v1/rollback', { body: { path, revision, dryRun: true } })),
    enabled: done === undefined && !restore.isPending,
    retry: false,
    gcTime: 0,
  });
  const what = path.endsWith('/') ? `directory ${path}` : `key ${path}`;
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Restore ${what} to revision ${revision}`}
      size="xl"
      fullScreen={phone === true}
    >
      {done !== undefined ? (
        <Stack>
          <Alert color="teal" title="Restored" role="status">
            {what} is back as it was at revision {revision}: published as revision {done.revision} (
            {done.keys.length} {done.keys.length === 1 ? 'key' : 'keys'}).
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              Close
            </Button>
          </Group>
        </Stack>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            restore.mutate();
          }}
        >
          <Stack>
            <Text size="sm">
              Publishes a new change that puts {what} back as it was at revision {revision}. Nothing is lost:
              this restore joins the history and can itself be undone.
            </Text>
            <QueryState query={preview} what="the restore preview">
              {(data) =>
                data.entries.length === 0 ? (
                  <Alert color="gray" role="status" title="Nothing to restore">
                    {what} is already as it was at revision {revision}.
                  </Alert>
                ) : (
                  <DiffTable
                    entries={relativeEntries(directory, data.entries)}
                    labels={['now', `at revision ${revision}`]}
                    caption="What the restore will change"
                  />
                )
              }
            </QueryState>
            <TextInput
              label="Message"
              description="Why you restore this version; it goes into the history."
              placeholder={defaultMessage}
              value={message}
              maxLength={2000}
              onChange={(event) => setMessage(event.currentTarget.value)}
              data-autofocus
            />
            {restore.error !== null && (
              <Problem
                error={restore.error}
                title="The restore was not published"
                retry={() => {
                  restore.reset();
                  void preview.refetch();
                }}
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button
                type="submit"
                loading={restore.isPending}
                disabled={preview.data === undefined || preview.data.entries.length === 0}
              >
                Publish restore
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
