// Every value of a flavor: its label and key path, description, type, the value a new directory gets
// and the default, the rules, the cluster resources and the group. Sensitive values are not shown.
import { Code, Table, Text } from '@mantine/core';
import { dottedPath } from '../../../../src/catalog/paths';
import { SpecRules } from './SpecRules';
import { type FlavorValue, fieldText, valueLabel } from './value-text';

function Shown({ value, sensitive }: { value: FlavorValue['value']; sensitive: boolean }) {
  if (sensitive)
    return (
      <Text size="xs" c="dimmed">
        (sensitive)
      </Text>
    );
  const text = fieldText(value);
  return text === '' ? (
    <Text size="xs" c="dimmed">
      empty
    </Text>
  ) : (
    <Code style={{ wordBreak: 'break-all' }}>{text}</Code>
  );
}

export function ValuesTable({ values, caption }: { values: readonly FlavorValue[]; caption: string }) {
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table striped aria-label={caption} verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Value</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Value in a new directory</Table.Th>
            <Table.Th>Default</Table.Th>
            <Table.Th>Rules</Table.Th>
            <Table.Th>Cluster resources</Table.Th>
            <Table.Th>Group</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {values.map((value) => (
            <Table.Tr key={value.path} data-path={value.path}>
              <Table.Td maw={420}>
                <Text size="sm" fw={500}>
                  {valueLabel(value)}
                </Text>
                <Code>{dottedPath(value.path)}</Code>
                <Text size="xs" c="dimmed" mt={2}>
                  {value.description}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {value.type === 'array' ? `list of ${value.itemType ?? 'string'}` : value.type}
                </Text>
              </Table.Td>
              <Table.Td>
                <Shown value={value.value} sensitive={value.sensitive === true} />
              </Table.Td>
              <Table.Td>
                <Shown value={value.default} sensitive={value.sensitive === true} />
              </Table.Td>
              <Table.Td maw={280}>
                <SpecRules value={value} />
              </Table.Td>
              <Table.Td>
                <Text size="xs">{value.clusterResources ?? '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{value.group ?? '—'}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
