// Every directory the user may read, with its description, template, size and what the user may do
// there; a filter by name, and "New directory" for users who may make one.
import { Anchor, Badge, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { allows } from '../../session/permissions';
import { useSignedInUser } from '../../session/useSession';
import { PageHeader } from '../../shell/PageHeader';
import { QueryState } from '../../shell/QueryState';
import { NewDirectoryForm } from './NewDirectoryForm';
import { templateOf } from './useDirectory';

export function DirectoriesPage() {
  const user = useSignedInUser();
  const navigate = useNavigate();
  const [opened, { open, close }] = useDisclosure(false);
  const [filter, setFilter] = useState('');
  const directories = useQuery({
    queryKey: queryKeys.directories,
    queryFn: () => answer(api.GET('/api/v1/directories')),
  });
  // Someone who may write somewhere may make the directory of that grant (or any, on everything).
  const mayMake = user.grants.some((grant) => allows(user, 'write', grant.prefix));
  const words = filter.trim().toLowerCase();
  return (
    <Stack gap="sm">
      <PageHeader title="Directories">
        <TextInput
          aria-label="Filter directories"
          placeholder="Filter by name or description"
          size="xs"
          type="search"
          value={filter}
          onChange={(event) => setFilter(event.currentTarget.value)}
        />
        {mayMake && (
          <Button size="xs" onClick={open}>
            New directory
          </Button>
        )}
      </PageHeader>
      <Modal opened={opened} onClose={close} title="New directory">
        <NewDirectoryForm
          onMade={(name) => {
            close();
            navigate(`/directories/${encodeURIComponent(name)}`);
          }}
        />
      </Modal>
      <QueryState query={directories} what="directories">
        {({ directories: all }) => {
          const list = all.filter(
            (directory) =>
              words === '' ||
              directory.name.toLowerCase().includes(words) ||
              directory.description.toLowerCase().includes(words),
          );
          return all.length === 0 ? (
            <Text c="dimmed">
              No directory you may read yet.{mayMake ? ' Make one with "New directory".' : ''}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table striped highlightOnHover aria-label="Directories">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Directory</Table.Th>
                    <Table.Th>Description</Table.Th>
                    <Table.Th>Template</Table.Th>
                    <Table.Th>Keys</Table.Th>
                    <Table.Th>You may</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((directory) => {
                    const template = templateOf(directory.extra);
                    return (
                      <Table.Tr key={directory.name}>
                        <Table.Td>
                          <Anchor component={Link} to={`/directories/${encodeURIComponent(directory.name)}`}>
                            {directory.name}/
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" lineClamp={2}>
                            {directory.description}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          {template !== undefined && (
                            <Text size="xs">
                              {template.chart} {template.version} · {template.flavor}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{directory.keyCount}</Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {directory.allowed.map((action) => (
                              <Badge key={action} variant="light" size="sm">
                                {action}
                              </Badge>
                            ))}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                  {list.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={5}>
                        <Text c="dimmed" size="sm">
                          No directory matches "{filter}".
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          );
        }}
      </QueryState>
    </Stack>
  );
}
