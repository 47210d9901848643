// Reading the catalogue (charts, a version's flavors, a flavor's values) and a directory's template.
// Keys start with queryKeys.catalog or queryKeys.directory(name), so live events refresh them.
import { useQuery } from '@tanstack/react-query';
import { ApiProblem, answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';

/** Every chart with its metadata and versions. */
export function useCatalog() {
  return useQuery({ queryKey: queryKeys.catalog, queryFn: () => answer(api.GET('/api/v1/catalog')) });
}

/** A chart of the catalogue as GET /catalog lists it. */
export type CatalogChart = NonNullable<ReturnType<typeof useCatalog>['data']>['charts'][number];

/** One chart: metadata and versions (oldest first). */
export function useChart(chart: string) {
  return useQuery({
    queryKey: [...queryKeys.catalog, chart],
    queryFn: () => answer(api.GET('/api/v1/catalog/{chart}', { params: { path: { chart } } })),
  });
}

/** One version's flavors with their readmes and value counts. */
export function useChartVersion(chart: string, version: string | undefined) {
  return useQuery({
    queryKey: [...queryKeys.catalog, chart, version],
    enabled: version !== undefined,
    queryFn: () =>
      answer(
        api.GET('/api/v1/catalog/{chart}/versions/{version}', {
          params: { path: { chart, version: version ?? '' } },
        }),
      ),
  });
}

/** One flavor: its readme and every value with its spec. */
export function useFlavor(chart: string, version: string | undefined, flavor: string | undefined) {
  return useQuery({
    queryKey: [...queryKeys.catalog, chart, version, flavor],
    enabled: version !== undefined && flavor !== undefined,
    queryFn: () =>
      answer(
        api.GET('/api/v1/catalog/{chart}/versions/{version}/flavors/{flavor}', {
          params: { path: { chart, version: version ?? '', flavor: flavor ?? '' } },
        }),
      ),
  });
}

/** The answer of GET .../flavors/:flavor. */
export type FlavorAnswer = NonNullable<ReturnType<typeof useFlavor>['data']>;

/**
 * The template a directory follows, or `null` when it was not made from one (the same query, key and
 * answer as the directory page's, so both share one read).
 */
export function useDirectoryTemplate(name: string) {
  return useQuery({
    queryKey: [...queryKeys.directory(name), 'template'],
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
