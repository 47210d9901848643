// Importing a template repository into the catalogue (admins on everything): a folder picked in the
// browser sent as its files, or a .tar.gz sent as it is, to POST /catalog. Every issue of a refused
// repository is listed with its file, entry and reason; nothing is stored then.
import { Alert, Button, Group, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { ApiProblem, answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { Problem } from '../../shell/QueryState';
import { repositoryFiles } from './chart-files';

type ImportSource = { kind: 'folder'; files: readonly File[] } | { kind: 'archive'; file: File };

async function importChart(source: ImportSource) {
  if (source.kind === 'archive') {
    return answer(
      api.POST('/api/v1/catalog', {
        // The route reads the archive's bytes; its body is not a JSON schema, so the client has no type for it.
        body: source.file as never,
        bodySerializer: (body: unknown) => body as Blob,
        headers: { 'content-type': 'application/gzip' },
      }),
    );
  }
  const { files } = await repositoryFiles(
    source.files.map((file) => ({ path: file.webkitRelativePath || file.name, text: () => file.text() })),
  );
  return answer(api.POST('/api/v1/catalog', { body: { files } as never }));
}

interface CatalogIssue {
  readonly file: string;
  readonly entry?: { readonly index: number; readonly path?: string };
  readonly reason: string;
}

function issuesOf(error: unknown): CatalogIssue[] {
  if (!(error instanceof ApiProblem) || !Array.isArray(error.details.issues)) return [];
  return (error.details.issues as unknown[]).filter(
    (issue): issue is CatalogIssue =>
      typeof issue === 'object' &&
      issue !== null &&
      typeof (issue as CatalogIssue).file === 'string' &&
      typeof (issue as CatalogIssue).reason === 'string',
  );
}

export function ImportChart() {
  const queryClient = useQueryClient();
  const folderInput = useRef<HTMLInputElement>(null);
  const archiveInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (folderInput.current !== null) folderInput.current.webkitdirectory = true;
  }, []);
  const run = useMutation({
    mutationFn: importChart,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.catalog }),
  });
  const issues = issuesOf(run.error);

  return (
    <>
      <Group gap="xs">
        <input
          ref={folderInput}
          type="file"
          hidden
          multiple
          aria-label="Template repository folder"
          onChange={(event) => {
            const files = [...(event.currentTarget.files ?? [])];
            event.currentTarget.value = '';
            if (files.length > 0) run.mutate({ kind: 'folder', files });
          }}
        />
        <input
          ref={archiveInput}
          type="file"
          hidden
          accept=".tar.gz,.tgz,application/gzip"
          aria-label="Template repository archive"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (file !== undefined) run.mutate({ kind: 'archive', file });
          }}
        />
        <Button variant="default" loading={run.isPending} onClick={() => folderInput.current?.click()}>
          Import a folder…
        </Button>
        <Button variant="default" loading={run.isPending} onClick={() => archiveInput.current?.click()}>
          Import a .tar.gz…
        </Button>
      </Group>
      {run.data !== undefined && (
        <Alert
          color="teal"
          role="status"
          title={`Imported ${run.data.chart}`}
          withCloseButton
          onClose={run.reset}
        >
          {run.data.versions
            .map(
              (version) =>
                `${version.version} (${version.flavors.join(', ')})${version.replaced ? ', replaced' : ''}`,
            )
            .join('; ')}
        </Alert>
      )}
      {run.error !== null && <Problem error={run.error} title="The chart was not imported" />}
      {issues.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped aria-label="Import issues">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>File</Table.Th>
                <Table.Th>Entry</Table.Th>
                <Table.Th>Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {issues.map((issue) => (
                <Table.Tr key={`${issue.file} ${issue.entry?.index ?? ''} ${issue.reason}`}>
                  <Table.Td>
                    <code>{issue.file}</code>
                  </Table.Td>
                  <Table.Td>
                    {issue.entry === undefined ? (
                      '—'
                    ) : (
                      <Text size="sm">
                        #{issue.entry.index}
                        {issue.entry.path !== undefined && <code> {issue.entry.path}</code>}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{issue.reason}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
