// The hub of one directory (/directories/:name/*): its description and template, and tabs in the
// address — keys, staged changes, history, agents, template.
import { Anchor, Badge, Breadcrumbs, Group, Tabs, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Loading, Problem, QueryState } from '../../shell/QueryState';
import { DirectoryAgents } from '../agents/DirectoryAgents';
import { ChangeSetPanel } from '../changesets/ChangeSetPanel';
import { useChangeSets } from '../changesets/useChangeSet';
import { DirectoryHistory } from '../history/DirectoryHistory';
import { DirectoryTemplate } from '../templates/DirectoryTemplate';
import { KeysTab } from './KeysTab';
import { templateOf, useDirectory, useDirectoryTemplate } from './useDirectory';
import { useTemplateChecks } from './useTemplateChecks';

const TABS = ['keys', 'changes', 'history', 'agents', 'template'] as const;
type Tab = (typeof TABS)[number];

function tabOf(rest: string | undefined): Tab | undefined {
  const first = (rest ?? '').split('/')[0] ?? '';
  if (first === '') return 'keys';
  return (TABS as readonly string[]).includes(first) ? (first as Tab) : undefined;
}

export function DirectoryPage() {
  const params = useParams();
  const name = params.name ?? '';
  const tab = tabOf(params['*']);
  const navigate = useNavigate();
  const directory = useDirectory(name);
  const template = templateOf(directory.data?.extra);
  const specs = useDirectoryTemplate(name, template !== undefined);
  const checks = useTemplateChecks(specs.data?.values ?? undefined);
  const { mine } = useChangeSets(name);
  const staged = mine.data?.changes.length ?? 0;
  const base = `/directories/${encodeURIComponent(name)}`;

  let panel: ReactNode;
  switch (tab) {
    case 'keys':
      panel =
        specs.error !== null ? (
          <Problem
            error={specs.error}
            title="Could not load the template's checks"
            retry={() => specs.refetch()}
          />
        ) : checks === undefined || (template !== undefined && specs.isLoading) ? (
          <Loading what="the template's checks" />
        ) : (
          <KeysTab directory={name} checks={checks} />
        );
      break;
    case 'changes':
      panel = <ChangeSetPanel directory={name} />;
      break;
    case 'history':
      panel = <DirectoryHistory name={name} />;
      break;
    case 'agents':
      panel = <DirectoryAgents name={name} />;
      break;
    case 'template':
      panel = <DirectoryTemplate name={name} />;
      break;
    default:
      panel = <Problem title="No such tab" error={`A directory has the tabs ${TABS.join(', ')}.`} />;
  }

  return (
    <>
      <Breadcrumbs mb={4} fz="sm">
        <Anchor component={Link} to="/directories">
          Directories
        </Anchor>
        <Text size="sm">{name}/</Text>
      </Breadcrumbs>
      <QueryState query={directory} what={`directory ${name}`}>
        {(record) => (
          <>
            <Group gap="xs" mb={4} wrap="wrap">
              <Title order={1} size="h3" style={{ wordBreak: 'break-all' }}>
                {record.name}/
              </Title>
              <Badge variant="light" color="gray">
                {record.keyCount} {record.keyCount === 1 ? 'key' : 'keys'}
              </Badge>
              {template !== undefined && (
                <Badge variant="light" color="grape">
                  {template.chart} {template.version} · {template.flavor}
                </Badge>
              )}
            </Group>
            {record.description !== '' && (
              <Text size="sm" c="dimmed" mb={4}>
                {record.description}
              </Text>
            )}
            <Text size="xs" c="dimmed" mb="sm">
              Sealed to{' '}
              {record.recipients.length === 0
                ? 'nobody yet (no sensitive values possible)'
                : record.recipients.join(', ')}
              {record.createdBy !== undefined ? ` · made by ${record.createdBy}` : ''}
            </Text>
          </>
        )}
      </QueryState>
      <Tabs
        value={tab ?? null}
        onChange={(value) => {
          if (value !== null) navigate(value === 'keys' ? base : `${base}/${value}`);
        }}
        keepMounted={false}
        mb="md"
      >
        <Tabs.List style={{ flexWrap: 'wrap' }}>
          <Tabs.Tab value="keys">Keys</Tabs.Tab>
          <Tabs.Tab
            value="changes"
            rightSection={
              staged > 0 ? (
                <Badge size="xs" circle aria-label={`${staged} staged`}>
                  {staged}
                </Badge>
              ) : undefined
            }
          >
            Changes
          </Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
          <Tabs.Tab value="agents">Agents</Tabs.Tab>
          <Tabs.Tab value="template">Template</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {panel}
    </>
  );
}
