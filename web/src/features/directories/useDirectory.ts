// What the directory screens read: the directory's record, its keys and its template's value specs,
// each under the directory's query key so a live change refreshes them.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ApiProblem, answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import type { paths } from '../../api/schema';
import { useLiveEvents } from '../../events/LiveEvents';
import { mergeKeys } from './merge-keys';

/** A directory's key as the keys answer shows it. */
export type DirectoryKey = Extract<
  paths['/api/v1/keys/{*}']['get']['responses'][200]['content']['application/json'],
  { keys: unknown }
>['keys'][number];

/**
 * The directory's record (description, recipients, template, what the user may do).
 *
 * @example
 * const directory = useDirectory('hack');
 */
export function useDirectory(name: string) {
  return useQuery({
    queryKey: [...queryKeys.directory(name), 'record'],
    queryFn: () => answer(api.GET('/api/v1/directories/{name}', { params: { path: { name } } })),
  });
}

/** A directory's keys as the keys answer shows them. */
type KeysAnswer = { revision: number; keys: DirectoryKey[] };

/** Keys of each directory the events stream said changed since its keys were last read. */
const changedSinceRead = new Map<string, Set<string>>();

/**
 * Notes keys the user just changed (a publish's answer lists them), so the next read of the
 * directory's keys reads only them.
 *
 * @example
 * noteChangedKeys('hack', change.keys.map((k) => k.key));
 */
export function noteChangedKeys(directory: string, keys: readonly string[]): void {
  const changed = changedSinceRead.get(directory) ?? new Set<string>();
  for (const key of keys) changed.add(key);
  changedSinceRead.set(directory, changed);
}

/** Beyond this many changed keys, the whole directory is read again rather than each key. */
const MAX_KEYS_READ_ONE_BY_ONE = 40;

async function readKey(key: string, signal: AbortSignal): Promise<DirectoryKey | undefined> {
  try {
    const read = await answer(api.GET('/api/v1/keys/{*}', { params: { path: { '*': key } }, signal }));
    return 'key' in read ? read : undefined;
  } catch (error) {
    if (error instanceof ApiProblem && error.code === 'KEY_NOT_FOUND') return undefined;
    throw error;
  }
}

/**
 * Reads the directory's keys: all of them the first time, and after a live change only the keys
 * the events named, merged into what was read (a directory of 10,000 keys is not read again
 * for one change). Anything else (a reset, a reconnect, a retry) reads them all.
 */
async function readDirectoryKeys(
  name: string,
  previous: KeysAnswer | undefined,
  signal: AbortSignal,
): Promise<KeysAnswer> {
  const changed = changedSinceRead.get(name) ?? new Set<string>();
  const named = [...changed];
  if (previous !== undefined && named.length > 0 && named.length <= MAX_KEYS_READ_ONE_BY_ONE) {
    const reads = await Promise.all(named.map((key) => readKey(key, signal)));
    const merged = mergeKeys(previous, new Map(named.map((key, i) => [key, reads[i]])));
    for (const key of named) changed.delete(key);
    return merged;
  }
  const all = await answer(api.GET('/api/v1/keys/{*}', { params: { path: { '*': `${name}/` } }, signal }));
  for (const key of named) changed.delete(key);
  return 'keys' in all ? all : { revision: all.modRevision, keys: [] };
}

/**
 * Every key of the directory, read at one revision (sealed values never carry a value), kept up to
 * date by the events stream key by key.
 *
 * @example
 * const keys = useDirectoryKeys('hack');
 */
export function useDirectoryKeys(name: string) {
  const live = useLiveEvents();
  const queryClient = useQueryClient();
  const queryKey = [...queryKeys.directory(name), 'keys'] as const;
  useEffect(
    () =>
      live.subscribe((type, data) => {
        if (type === 'change' && data.directory === name && typeof data.key === 'string') {
          noteChangedKeys(name, [data.key]);
        } else if (type === 'reset') {
          changedSinceRead.delete(name);
        }
      }),
    [live, name],
  );
  return useQuery({
    queryKey,
    queryFn: ({ signal }) => readDirectoryKeys(name, queryClient.getQueryData<KeysAnswer>(queryKey), signal),
    // Comparing 10,000 keys deeply on every read costs more than it saves: the merge keeps them.
    structuralSharing: false,
  });
}

/**
 * The value specs of the template the directory was made from; `null` when it follows none.
 *
 * @example
 * const template = useDirectoryTemplate('hack', directory.data?.extra.template !== undefined);
 */
export function useDirectoryTemplate(name: string, followsTemplate: boolean) {
  return useQuery({
    queryKey: [...queryKeys.directory(name), 'template'],
    enabled: followsTemplate,
    queryFn: async () => {
      try {
        return await answer(api.GET('/api/v1/directories/{name}/template', { params: { path: { name } } }));
      } catch (error) {
        if (error instanceof ApiProblem && error.code === 'DIRECTORY_HAS_NO_TEMPLATE') return null;
        throw error;
      }
    },
  });
}

/** The template a directory record names, if any (`extra.template`). */
export function templateOf(
  extra: Readonly<Record<string, unknown>> | undefined,
): { chart: string; version: string; flavor: string } | undefined {
  const template = extra?.template as { chart?: unknown; version?: unknown; flavor?: unknown } | undefined;
  if (template === undefined || typeof template !== 'object' || template === null) return undefined;
  const { chart, version, flavor } = template;
  return typeof chart === 'string' && typeof version === 'string' && typeof flavor === 'string'
    ? { chart, version, flavor }
    : undefined;
}
