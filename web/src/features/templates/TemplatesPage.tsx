// The Templates page: the chart catalogue — each chart with its logo, description, versions and the
// flavors of its newest version; a chart opens its page (values, readme, create a directory).
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { allows } from '../../session/permissions';
import { useSignedInUser } from '../../session/useSession';
import { PageHeader } from '../../shell/PageHeader';
import { QueryState } from '../../shell/QueryState';
import { shortTime } from '../../shell/time';
import { ChartLogo } from './ChartLogo';
import { type CatalogChart, useCatalog } from './catalog-queries';
import { ImportChart } from './ImportChart';

function ChartCard({ chart }: { chart: CatalogChart }) {
  const newest = chart.versions.at(-1);
  const to = `/templates/${encodeURIComponent(chart.name)}`;
  return (
    <Card withBorder padding="sm" component="article" aria-label={`chart ${chart.name}`}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ChartLogo name={chart.name} logoImage={chart.metadata.logoImage} />
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Anchor component={Link} to={to} fw={600}>
            {chart.metadata.chartName === chart.name
              ? chart.name
              : `${chart.metadata.chartName} (${chart.name})`}
          </Anchor>
          <Text size="sm">{chart.metadata.description}</Text>
          <Group gap={4}>
            <Text size="xs" c="dimmed">
              Versions
            </Text>
            {chart.versions.map((version) => (
              <Badge
                key={version.version}
                variant="light"
                size="sm"
                component={Link}
                to={`${to}?version=${encodeURIComponent(version.version)}`}
                style={{ cursor: 'pointer' }}
              >
                {version.version}
              </Badge>
            ))}
          </Group>
          {newest !== undefined && (
            <Group gap={4}>
              <Text size="xs" c="dimmed">
                Flavors
              </Text>
              {newest.flavors.map((flavor) => (
                <Badge
                  key={flavor}
                  variant="outline"
                  color="gray"
                  size="sm"
                  component={Link}
                  to={`${to}?version=${encodeURIComponent(newest.version)}&flavor=${encodeURIComponent(flavor)}`}
                  style={{ cursor: 'pointer' }}
                >
                  {flavor}
                </Badge>
              ))}
            </Group>
          )}
          <Text size="xs" c="dimmed">
            Imported {shortTime(chart.importedAt)} by {chart.importedBy}
          </Text>
        </Stack>
      </Group>
    </Card>
  );
}

export function TemplatesPage() {
  const user = useSignedInUser();
  const catalog = useCatalog();
  const [filter, setFilter] = useState('');
  return (
    <Stack gap="sm">
      <PageHeader
        title="Templates"
        description="Chart templates describe every value of a service's configuration. Make a directory from a flavor, and it is checked against the template from then on."
      >
        <TextInput
          label="Search charts"
          placeholder="name or description"
          value={filter}
          onChange={(event) => setFilter(event.currentTarget.value)}
          w={240}
        />
      </PageHeader>
      {allows(user, 'admin', '') && <ImportChart />}
      <QueryState query={catalog} what="the catalogue">
        {(data) => {
          const needle = filter.trim().toLowerCase();
          const shown = data.charts.filter(
            (chart) =>
              needle === '' ||
              chart.name.toLowerCase().includes(needle) ||
              chart.metadata.description.toLowerCase().includes(needle),
          );
          if (data.charts.length === 0)
            return (
              <Text c="dimmed" size="sm">
                The catalogue is empty. An admin imports a chart with{' '}
                <code>setpoint catalog import PATH</code>.
              </Text>
            );
          if (shown.length === 0)
            return (
              <Text c="dimmed" size="sm">
                No chart matches “{filter}”.
              </Text>
            );
          return (
            <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="sm">
              {shown.map((chart) => (
                <ChartCard key={chart.name} chart={chart} />
              ))}
            </SimpleGrid>
          );
        }}
      </QueryState>
    </Stack>
  );
}
