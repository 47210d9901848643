// A chart's page: pick a version and a flavor (kept in the address), then read every value of the
// flavor, its readme, or create a directory from it.
import { Anchor, Badge, Group, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { Loading, Problem, QueryState } from '../../shell/QueryState';
import { shortTime } from '../../shell/time';
import { ChartLogo } from './ChartLogo';
import { useChart, useChartVersion, useFlavor } from './catalog-queries';
import { FlavorReadme } from './FlavorReadme';
import { ValuesTable } from './ValuesTable';

// The form checks values with the catalogue's validator and its pattern engine (re2js, a chunk of its
// own): loaded when the form is opened, not with the catalogue.
const CreateDirectoryForm = lazy(() =>
  import('./CreateDirectoryForm').then((module) => ({ default: module.CreateDirectoryForm })),
);

const TABS = ['readme', 'values', 'create'] as const;
type Tab = (typeof TABS)[number];

export function TemplatePage() {
  const chartName = useParams().chart ?? '';
  const [search, setSearch] = useSearchParams();
  const chart = useChart(chartName);
  const versions = chart.data?.versions ?? [];
  const version =
    versions.find((candidate) => candidate.version === search.get('version')) ?? versions.at(-1);
  const flavorName =
    version?.flavors.find((candidate) => candidate === search.get('flavor')) ?? version?.flavors[0];
  const details = useChartVersion(chartName, version?.version);
  const flavor = useFlavor(chartName, version?.version, flavorName);
  const tab: Tab = TABS.find((candidate) => candidate === search.get('tab')) ?? 'readme';

  const choose = (changes: Record<string, string | undefined>) =>
    setSearch(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );

  return (
    <QueryState query={chart} what={`the chart ${chartName}`}>
      {(data) => {
        const flavorInfo = details.data?.flavors.find((candidate) => candidate.name === flavorName);
        return (
          <Stack gap="sm">
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <ChartLogo name={data.name} logoImage={data.metadata.logoImage} size={48} />
              <div style={{ minWidth: 0 }}>
                <Title order={1} size="h3">
                  {data.metadata.chartName}
                </Title>
                <Text size="sm">{data.metadata.description}</Text>
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  Repository{' '}
                  <Anchor href={data.metadata.repository} target="_blank" rel="noreferrer noopener" size="xs">
                    {data.metadata.repository}
                  </Anchor>{' '}
                  · imported {shortTime(data.importedAt)} by {data.importedBy}
                </Text>
              </div>
            </Group>
            <Group gap="sm" align="flex-end" wrap="wrap">
              <Select
                label="Version"
                data={versions.map((candidate) => candidate.version)}
                value={version?.version ?? null}
                allowDeselect={false}
                onChange={(picked) => choose({ version: picked ?? undefined, flavor: flavorName })}
                w={140}
              />
              <Select
                label="Flavor"
                data={version?.flavors ?? []}
                value={flavorName ?? null}
                allowDeselect={false}
                onChange={(picked) => choose({ flavor: picked ?? undefined })}
                w={180}
              />
              {flavorInfo !== undefined && (
                <Group gap={4} pb={4}>
                  <Badge variant="light" size="sm">
                    {flavorInfo.valueCount} values
                  </Badge>
                  {flavorInfo.sensitiveCount > 0 && (
                    <Badge variant="light" color="grape" size="sm">
                      {flavorInfo.sensitiveCount} sensitive
                    </Badge>
                  )}
                </Group>
              )}
            </Group>
            {version === undefined || flavorName === undefined ? (
              <Problem
                title="Nothing to show"
                error={`The chart ${data.name} holds no version with a flavor.`}
              />
            ) : (
              <Tabs
                value={tab}
                onChange={(picked) => choose({ tab: picked ?? undefined })}
                keepMounted={false}
              >
                <Tabs.List>
                  <Tabs.Tab value="readme">Readme</Tabs.Tab>
                  <Tabs.Tab value="values">Values</Tabs.Tab>
                  <Tabs.Tab value="create">Create a directory</Tabs.Tab>
                </Tabs.List>
                <QueryState query={flavor} what={`the flavor ${flavorName}`}>
                  {(found) => (
                    <>
                      <Tabs.Panel value="readme" pt="sm">
                        <FlavorReadme readme={found.readme} label={`Readme of ${flavorName}`} />
                      </Tabs.Panel>
                      <Tabs.Panel value="values" pt="sm">
                        <ValuesTable
                          values={found.values}
                          caption={`Values of ${data.name} ${version.version} (${flavorName})`}
                        />
                      </Tabs.Panel>
                      <Tabs.Panel value="create" pt="sm">
                        <Suspense fallback={<Loading what="the form" />}>
                          <CreateDirectoryForm
                            key={`${version.version}/${flavorName}`}
                            chart={data.name}
                            version={version.version}
                            flavor={flavorName}
                            values={found.values}
                          />
                        </Suspense>
                      </Tabs.Panel>
                    </>
                  )}
                </QueryState>
              </Tabs>
            )}
          </Stack>
        );
      }}
    </QueryState>
  );
}
