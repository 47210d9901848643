// Loading and error states shared by every view: a labelled loader, the server's message in an alert.
import { Alert, Button, Center, Group, Loader, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiProblem } from '../api/client';

/** A loader with what is loading, for screen readers too. */
export function Loading({ what }: { what: string }) {
  return (
    <Center p="lg" role="status" aria-live="polite">
      <Group gap="xs">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          Loading {what}…
        </Text>
      </Group>
    </Center>
  );
}

/** An error as the server explained it, with a way to try again when that can help. */
export function Problem({ error, title, retry }: { error: unknown; title?: string; retry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiProblem ? error.code : undefined;
  return (
    <Alert color="red" role="alert" title={title ?? 'Something went wrong'} my="sm">
      <Text size="sm">{message}</Text>
      {code !== undefined && (
        <Text size="xs" c="dimmed" mt={4}>
          code {code}
        </Text>
      )}
      {retry !== undefined && (
        <Button variant="light" color="red" mt="xs" onClick={retry}>
          Try again
        </Button>
      )}
    </Alert>
  );
}

/**
 * Shows a query's loading or error state, else its content.
 *
 * @example
 * <QueryState query={keys} what="keys">{(data) => <KeyTable keys={data.keys} />}</QueryState>
 */
export function QueryState<T>({
  query,
  what,
  children,
}: {
  query: { data: T | undefined; error: unknown; isLoading: boolean; refetch: () => unknown };
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (query.error !== null && query.error !== undefined)
    return <Problem error={query.error} title={`Could not load ${what}`} retry={() => query.refetch()} />;
  if (query.isLoading || query.data === undefined) return <Loading what={what} />;
  return <>{children(query.data)}</>;
}
