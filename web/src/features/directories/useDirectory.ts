// What the directory screens read: the directory's record, its keys and its template's value specs,
// each under the directory's query key so a live change refreshes them.
import { useQuery } from '@tanstack/react-query';
import { ApiProblem, answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';

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

/**
 * Every key of the directory, read at one revision (sealed values never carry a value).
 *
 * @example
 * const keys = useDirectoryKeys('hack');
 */
export function useDirectoryKeys(name: string) {
  return useQuery({
    queryKey: [...queryKeys.directory(name), 'keys'],
    queryFn: () => answer(api.GET('/api/v1/keys/{*}', { params: { path: { '*': `${name}/` } } })),
    select: (data) => ('keys' in data ? data : { revision: 0, keys: [] }),
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

/** A directory's key as the keys answer shows it. */
export type DirectoryKey = NonNullable<ReturnType<typeof useDirectoryKeys>['data']>['keys'][number];

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
