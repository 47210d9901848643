// Every directory the user may read, with its description, size and what the user may do there.
import { Anchor, Badge, Group, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { QueryState } from '../../shell/QueryState';

export function DirectoriesPage() {
  const directories = useQuery({
    queryKey: queryKeys.directories,
    queryFn: () => answer(api.GET('/api/v1/directories')),
  });
  return (
    <>
      <Title order={1} size="h3" mb="sm">
        Directories
      </Title>
      <QueryState query={directories} what="directories">
        {({ directories: list }) =>
          list.length === 0 ? (
            <Text c="dimmed">No directory you may read yet.</Text>
          ) : (
            <Table.ScrollContainer minWidth={480}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Directory</Table.Th>
                    <Table.Th>Description</Table.Th>
                    <Table.Th>Keys</Table.Th>
                    <Table.Th>You may</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((directory) => (
                    <Table.Tr key={directory.name}>
                      <Table.Td>
                        <Anchor component={Link} to={`/directories/${encodeURIComponent(directory.name)}`}>
                          {directory.name}/
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{directory.description}</Table.Td>
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
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </>
  );
}
