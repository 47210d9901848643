// The user's open change set in a directory, read and staged into: every edit of the keys tab goes
// through stage(), which starts the change set the first time; publish and discard end it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { useSignedInUser } from '../../session/useSession';
import { noteChangedKeys } from '../directories/useDirectory';
import { type ChangeSet, myOpenChangeSet } from './change-set-view';

/** The query keys of a directory's change sets (under the directory's, so live events refresh them). */
export const changeSetKeys = {
  list: (directory: string) => [...queryKeys.directory(directory), 'changesets'] as const,
  one: (directory: string, id: string) => [...queryKeys.directory(directory), 'changeset', id] as const,
};

/**
 * One change to stage: a put (with its value) or a delete; `base` the revision it is based on
 * (left out: the key's revision now); `into` a given change set instead of the user's own.
 */
export type StageRequest = (
  | { key: string; action: 'put'; value: string; sensitive?: boolean }
  | { key: string; action: 'delete' }
) & { base?: number; into?: string };

/** The part of a key path after its directory (`hack/http/addr` -> `http/addr`). */
export function pathInDirectory(directory: string, key: string): string {
  return key.startsWith(`${directory}/`) ? key.slice(directory.length + 1) : key;
}

/**
 * The directory's change sets, the user's open one (newest of theirs) and its staged changes.
 *
 * @example
 * const { mine, list } = useChangeSets('hack');
 */
export function useChangeSets(directory: string) {
  const user = useSignedInUser();
  const list = useQuery({
    queryKey: changeSetKeys.list(directory),
    queryFn: () =>
      answer(api.GET('/api/v1/directories/{name}/changesets', { params: { path: { name: directory } } })),
  });
  const mineSummary = myOpenChangeSet(list.data?.changesets, user.name);
  const mine = useChangeSet(directory, mineSummary?.id);
  return { list, mineId: mineSummary?.id, mine };
}

/**
 * One change set with its diff against the keys now (refreshed by live changes of the directory).
 *
 * @example
 * const view = useChangeSet('hack', id);
 */
export function useChangeSet(directory: string, id: string | undefined) {
  return useQuery({
    queryKey: changeSetKeys.one(directory, id ?? ''),
    enabled: id !== undefined,
    queryFn: (): Promise<ChangeSet> =>
      answer(
        api.GET('/api/v1/directories/{name}/changesets/{id}', {
          params: { path: { name: directory, id: id ?? '' } },
        }),
      ),
  });
}

/**
 * Stages changes into the user's open change set, starting one when there is none; unstages.
 *
 * @example
 * const { stage } = useStaging('hack');
 * await stage.mutateAsync({ key: 'hack/http/addr', action: 'put', value: ':5001', base: 812 });
 */
export function useStaging(directory: string) {
  const queryClient = useQueryClient();
  const { mineId } = useChangeSets(directory);
  // Two edits in a row must not start two change sets: the first start is shared.
  const starting = useRef<Promise<string> | undefined>(undefined);

  const ensureChangeSet = async (): Promise<string> => {
    if (mineId !== undefined) return mineId;
    if (starting.current === undefined) {
      starting.current = answer(
        api.POST('/api/v1/directories/{name}/changesets', {
          params: { path: { name: directory } },
          body: {},
        }),
      ).then((created) => created.id);
      starting.current.catch(() => {
        starting.current = undefined;
      });
    }
    return starting.current;
  };

  const remember = (view: ChangeSet) => {
    queryClient.setQueryData(changeSetKeys.one(directory, view.id), view);
    void queryClient.invalidateQueries({ queryKey: changeSetKeys.list(directory) });
  };

  const stage = useMutation({
    mutationFn: async (request: StageRequest): Promise<ChangeSet> => {
      const id = request.into ?? (await ensureChangeSet());
      const path = { name: directory, id, '*': pathInDirectory(directory, request.key) };
      const headers = request.base === undefined ? undefined : { 'If-Match': String(request.base) };
      return answer(
        api.PUT('/api/v1/directories/{name}/changesets/{id}/keys/{*}', {
          params: { path },
          body:
            request.action === 'delete'
              ? { action: 'delete' }
              : {
                  action: 'put',
                  value: request.value,
                  ...(request.sensitive !== undefined ? { sensitive: request.sensitive } : {}),
                },
          ...(headers !== undefined ? { headers } : {}),
        }),
      );
    },
    onSuccess: remember,
  });

  const unstage = useMutation({
    mutationFn: async ({ id, key }: { id: string; key: string }): Promise<ChangeSet> =>
      answer(
        api.DELETE('/api/v1/directories/{name}/changesets/{id}/keys/{*}', {
          params: { path: { name: directory, id, '*': pathInDirectory(directory, key) } },
        }),
      ),
    onSuccess: remember,
  });

  return { stage, unstage, mineId };
}

/**
 * Publishes or discards a change set; both refresh the directory's views.
 *
 * @example
 * publish.mutate({ id, modRevision, message: 'new port' });
 */
export function useChangeSetActions(directory: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.directory(directory) });
  const publish = useMutation({
    mutationFn: ({ id, modRevision, message }: { id: string; modRevision: number; message: string }) =>
      answer(
        api.POST('/api/v1/directories/{name}/changesets/{id}/publish', {
          params: { path: { name: directory, id } },
          body: message.trim() === '' ? {} : { message: message.trim() },
          headers: { 'If-Match': String(modRevision) },
        }),
      ),
    // The keys published are read again one by one, not the whole directory (10,000 keys, say).
    onSuccess: (change) =>
      noteChangedKeys(
        directory,
        change.keys.map((key) => key.key),
      ),
    onSettled: refresh,
  });
  const discard = useMutation({
    mutationFn: (id: string) =>
      answer(
        api.DELETE('/api/v1/directories/{name}/changesets/{id}', {
          params: { path: { name: directory, id } },
        }),
      ),
    onSettled: refresh,
  });
  return { publish, discard };
}
