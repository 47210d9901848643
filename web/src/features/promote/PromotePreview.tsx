// The copy of one directory into another, previewed first (a dry run: what changes, what is
// skipped and why), then published with a message as one change.
import { Alert, Button, Code, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { type DiffEntry, DiffTable } from '../../shell/DiffTable';
import { Problem, QueryState } from '../../shell/QueryState';
import { type CopyChoice, copyRequest } from './selection';

/**
 * The promote dialog: the dry run of copying `from` into `to` as `choice` says, a message, publish.
 *
 * @example
 * <PromotePreview from="registry-test" to="registry-production-1.0" choice={{ kind: 'all', prune: false }} entries={compared} onClose={close} />
 */
export function PromotePreview({
  from,
  to,
  choice,
  entries,
  onClose,
  onCopied,
}: {
  from: string;
  to: string;
  choice: CopyChoice;
  entries: readonly DiffEntry[];
  onClose: () => void;
  onCopied: () => void;
}) {
  const queryClient = useQueryClient();
  const phone = useMediaQuery('(max-width: 48em)');
  const [message, setMessage] = useState('');
  const copy = useMutation({
    mutationFn: () =>
      answer(
        api.POST('/api/v1/copy', {
          body: { ...copyRequest(from, to, choice, entries, message), dryRun: false },
        }),
      ),
    onSuccess: () => {
      onCopied();
      void queryClient.invalidateQueries({ queryKey: queryKeys.directory(to) });
    },
  });
  const done = copy.data?.change;
  const preview = useQuery({
    queryKey: [...queryKeys.directory(to), 'promote-preview', from, choice],
    queryFn: () =>
      answer(
        api.POST('/api/v1/copy', { body: { ...copyRequest(from, to, choice, entries, ''), dryRun: true } }),
      ),
    enabled: done === undefined && !copy.isPending,
    retry: false,
    gcTime: 0,
  });
  const count = preview.data?.entries.length ?? 0;
  const what =
    choice.kind === 'all'
      ? 'every difference'
      : `${choice.paths.length} picked ${choice.paths.length === 1 ? 'key' : 'keys'}`;
  return (
    <Modal opened onClose={onClose} title={`Copy ${from} into ${to}`} size="xl" fullScreen={phone === true}>
      {done !== undefined ? (
        <Stack>
          <Alert color="teal" title="Copied" role="status">
            {done.keys.length} {done.keys.length === 1 ? 'key' : 'keys'} of {from} copied into {to}: published
            as revision {done.revision}.
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
            copy.mutate();
          }}
        >
          <Stack>
            <Text size="sm">
              Copies {what} from {from} into {to} as one change
              {choice.kind === 'all' && choice.prune ? `, deleting the keys only ${to} has` : ''}.
            </Text>
            <QueryState query={preview} what="the copy preview">
              {(data) => (
                <Stack gap="sm">
                  {data.entries.length === 0 ? (
                    <Alert color="gray" role="status" title="Nothing to copy">
                      {to} already holds what {from} would bring
                      {data.skipped.length > 0 ? ', apart from the sealed values below' : ''}.
                    </Alert>
                  ) : (
                    <DiffTable
                      entries={data.entries}
                      labels={[`${to} now`, `from ${from}`]}
                      caption="What the copy will change"
                    />
                  )}
                  {data.skipped.length > 0 && (
                    <Alert color="yellow" title="Not copied: sealed values" role="note">
                      <List size="sm" spacing={2}>
                        {data.skipped.map((skip) => (
                          <List.Item key={skip.path}>
                            <Code>{skip.path}</Code> — {skip.reason}
                          </List.Item>
                        ))}
                      </List>
                    </Alert>
                  )}
                </Stack>
              )}
            </QueryState>
            <TextInput
              label="Message"
              description="Why you promote these values; it goes into the history."
              placeholder={`copy from ${from}`}
              value={message}
              maxLength={2000}
              onChange={(event) => setMessage(event.currentTarget.value)}
              data-autofocus
            />
            {copy.error !== null && (
              <Problem
                error={copy.error}
                title="The copy was not published"
                retry={() => {
                  copy.reset();
                  void preview.refetch();
                }}
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={copy.isPending} disabled={count === 0}>
                {count === 0 ? 'Copy' : `Copy ${count} ${count === 1 ? 'key' : 'keys'} into ${to}`}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
