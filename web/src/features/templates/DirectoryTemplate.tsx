// A directory's Template tab: the chart, version and flavor it was made from, and moving it to another
// version of its chart — previewed first (defaults added, removed and changed; values a user set kept;
// what it writes), then applied as one change. Upgrading needs publish on the directory.
import {
  Accordion,
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { dottedPath } from '../../../../src/catalog/paths';
import { answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { whyNot } from '../../session/permissions';
import { useSignedInUser } from '../../session/useSession';
import { DiffTable } from '../../shell/DiffTable';
import { Problem, QueryState } from '../../shell/QueryState';
import { useChart, useDirectoryTemplate } from './catalog-queries';
import { FlavorReadme } from './FlavorReadme';
import { defaultChanges } from './upgrade-defaults';

type UpgradeAnswer = Awaited<ReturnType<typeof upgrade>>;

function upgrade(name: string, body: { version: string; message?: string; dryRun: boolean }) {
  return answer(
    api.POST('/api/v1/directories/{name}/template/upgrade', { params: { path: { name } }, body }),
  );
}

function UpgradePreview({ preview }: { preview: UpgradeAnswer }) {
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Defaults from {preview.from.version} to {preview.to.version}
      </Title>
      <DiffTable
        entries={defaultChanges(preview.defaults)}
        labels={[preview.from.version, preview.to.version]}
        caption="Defaults that differ between the versions"
      />
      {preview.kept.length > 0 && (
        <>
          <Title order={3} size="h5">
            Kept as they are
          </Title>
          <Table.ScrollContainer minWidth={480}>
            <Table aria-label="Values kept as they are">
              <Table.Tbody>
                {preview.kept.map((kept) => (
                  <Table.Tr key={kept.path}>
                    <Table.Td>
                      <code>{dottedPath(kept.path)}</code>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{kept.reason}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
      <Title order={3} size="h5">
        What the upgrade writes
      </Title>
      <DiffTable entries={preview.entries} labels={['now', 'after']} caption="What the upgrade writes" />
      {(preview.problems ?? []).length > 0 && (
        <Alert
          color="red"
          role="alert"
          title="The directory would break the new version; correct these first"
        >
          {(preview.problems ?? []).map((problem) => (
            <Text size="sm" key={problem.path}>
              <code>{dottedPath(problem.path)}</code> {problem.reason} ({problem.description})
            </Text>
          ))}
        </Alert>
      )}
    </Stack>
  );
}

function Upgrade({ name, chart, version }: { name: string; chart: string; version: string }) {
  const user = useSignedInUser();
  const queryClient = useQueryClient();
  const catalog = useChart(chart);
  const others = (catalog.data?.versions ?? []).map((candidate) => candidate.version);
  const [target, setTarget] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const notAllowed = whyNot(user, 'publish', `${name}/`);
  const chosen = target ?? others.filter((candidate) => candidate !== version).at(-1) ?? null;

  const preview = useMutation({ mutationFn: (to: string) => upgrade(name, { version: to, dryRun: true }) });
  const apply = useMutation({
    mutationFn: (to: string) =>
      upgrade(name, {
        version: to,
        dryRun: false,
        ...(message.trim() === '' ? {} : { message: message.trim() }),
      }),
    onSuccess: () => {
      preview.reset();
      void queryClient.invalidateQueries({ queryKey: queryKeys.directory(name) });
    },
  });
  const previewed = preview.data !== undefined && preview.variables === chosen ? preview.data : undefined;
  const blocked = (previewed?.problems ?? []).length > 0;

  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Upgrade to another version
      </Title>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Version to move to"
          data={others}
          value={chosen}
          allowDeselect={false}
          onChange={(picked) => {
            setTarget(picked);
            apply.reset();
          }}
          w={180}
        />
        <TextInput
          label="Message"
          placeholder={`upgrade to ${chosen ?? 'VERSION'}`}
          value={message}
          onChange={(event) => setMessage(event.currentTarget.value)}
          w={280}
        />
        <Tooltip label={notAllowed ?? ''} disabled={notAllowed === undefined}>
          <Button
            variant="default"
            data-disabled={notAllowed !== undefined || chosen === null || undefined}
            aria-disabled={notAllowed !== undefined || chosen === null}
            loading={preview.isPending}
            onClick={() => {
              if (notAllowed === undefined && chosen !== null) {
                apply.reset();
                preview.mutate(chosen);
              }
            }}
          >
            Preview upgrade
          </Button>
        </Tooltip>
        <Tooltip
          label={
            notAllowed ??
            (previewed === undefined ? 'Preview the upgrade first' : 'Correct the problems first')
          }
          disabled={notAllowed === undefined && previewed !== undefined && !blocked}
        >
          <Button
            data-disabled={notAllowed !== undefined || previewed === undefined || blocked || undefined}
            aria-disabled={notAllowed !== undefined || previewed === undefined || blocked}
            loading={apply.isPending}
            onClick={() => {
              if (notAllowed === undefined && previewed !== undefined && !blocked && chosen !== null)
                apply.mutate(chosen);
            }}
          >
            Apply upgrade
          </Button>
        </Tooltip>
      </Group>
      {catalog.error !== null && (
        <Problem error={catalog.error} title="Could not read the chart's versions" />
      )}
      {preview.error !== null && <Problem error={preview.error} title="The preview was refused" />}
      {apply.error !== null && <Problem error={apply.error} title="The upgrade was refused" />}
      {apply.data !== undefined && (
        <Alert color="teal" role="status" title="Upgraded">
          {name} follows {apply.data.to.chart} {apply.data.to.version} ({apply.data.to.flavor}) now
          {apply.data.change !== undefined && <> — one change at revision {apply.data.change.revision}</>}.
        </Alert>
      )}
      {previewed !== undefined && <UpgradePreview preview={previewed} />}
    </Stack>
  );
}

export function DirectoryTemplate({ name }: { name: string }) {
  const template = useDirectoryTemplate(name);
  return (
    <QueryState query={template} what={`the template of ${name}`}>
      {(data) =>
        data === null ? (
          <Text size="sm" c="dimmed">
            {name} was not made from a template: no template checks its values.{' '}
            <Anchor component={Link} to="/templates" size="sm">
              Browse the templates
            </Anchor>{' '}
            to make a directory from one.
          </Text>
        ) : (
          <Stack gap="md">
            <Group gap="xs" wrap="wrap">
              <Text size="sm">Made from</Text>
              <Anchor
                component={Link}
                to={`/templates/${encodeURIComponent(data.template.chart)}?version=${encodeURIComponent(
                  data.template.version,
                )}&flavor=${encodeURIComponent(data.template.flavor)}`}
                fw={600}
                size="sm"
              >
                {data.template.chart} {data.template.version}
              </Anchor>
              <Badge variant="light" size="sm">
                flavor {data.template.flavor}
              </Badge>
              <Text size="xs" c="dimmed">
                {data.values.length} values described; every write to {name} is checked against them
              </Text>
            </Group>
            <Accordion variant="contained" chevronPosition="left">
              <Accordion.Item value="readme">
                <Accordion.Control>
                  Readme of {data.template.chart} {data.template.version} ({data.template.flavor})
                </Accordion.Control>
                <Accordion.Panel>
                  <FlavorReadme readme={data.readme} label={`Readme of ${data.template.flavor}`} />
                </Accordion.Panel>
              </Accordion.Item>
            </Accordion>
            <Upgrade name={name} chart={data.template.chart} version={data.template.version} />
          </Stack>
        )
      }
    </QueryState>
  );
}
