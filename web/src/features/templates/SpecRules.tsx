// What a value's spec allows, in a few badges and codes: required, sensitive, patterns, allowed
// values, ranges and lengths. Shown in the values table and as a field's help.
import { Badge, Code, Group, Text } from '@mantine/core';
import { type FlavorValue, scalarText } from './value-text';

export function SpecRules({ value }: { value: FlavorValue }) {
  const range =
    value.min !== undefined || value.max !== undefined
      ? `${value.min ?? '…'} to ${value.max ?? '…'}`
      : undefined;
  const length =
    value.minLength !== undefined || value.maxLength !== undefined
      ? `${value.minLength ?? 0} to ${value.maxLength ?? '…'} characters`
      : undefined;
  return (
    <Group gap={4}>
      {value.required === true && (
        <Badge size="xs" color="orange" variant="light">
          required
        </Badge>
      )}
      {value.sensitive === true && (
        <Badge size="xs" color="grape" variant="light">
          sensitive
        </Badge>
      )}
      {value.regex.map((pattern) => (
        <Code
          key={pattern}
          title="the whole value must match this pattern"
          style={{ wordBreak: 'break-all' }}
        >
          {pattern}
        </Code>
      ))}
      {value.enum !== undefined && (
        <Text size="xs">one of {value.enum.map((allowed) => scalarText(allowed)).join(', ')}</Text>
      )}
      {range !== undefined && <Text size="xs">{range}</Text>}
      {length !== undefined && <Text size="xs">{length}</Text>}
    </Group>
  );
}
