// Edits a list of grants (a role on a prefix): each one removable, a new one added from a role and
// a prefix. Used when creating a user and when changing one's grants.
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useState } from 'react';
import { describeGrant, type Grant, prefixOf, ROLES, type Role, withGrant, withoutGrant } from './grants';

export function GrantsEditor({
  grants,
  onChange,
}: {
  grants: readonly Grant[];
  onChange: (grants: Grant[]) => void;
}) {
  const [role, setRole] = useState<Role>('viewer');
  const [prefix, setPrefix] = useState('');
  const add = () => {
    onChange(withGrant(grants, { role, prefix: prefixOf(prefix) }));
    setPrefix('');
  };
  return (
    <Stack gap="xs">
      <ul aria-label="Grants" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {grants.length === 0 && (
          <li>
            <Text size="sm" c="dimmed">
              No grant: this user can sign in but sees nothing.
            </Text>
          </li>
        )}
        {grants.map((grant) => (
          <li key={grant.prefix}>
            <Group gap={4} wrap="nowrap">
              <Badge variant="light" color={grant.role === 'admin' ? 'red' : 'blue'} tt="none">
                {describeGrant(grant)}
              </Badge>
              <Tooltip label={`Remove ${describeGrant(grant)}`}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={`Remove ${describeGrant(grant)}`}
                  onClick={() => onChange(withoutGrant(grants, grant.prefix))}
                >
                  ×
                </ActionIcon>
              </Tooltip>
            </Group>
          </li>
        ))}
      </ul>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <NativeSelect
          label="Role"
          size="xs"
          data={[...ROLES]}
          value={role}
          onChange={(event) => setRole(event.currentTarget.value as Role)}
        />
        <TextInput
          label="Prefix"
          placeholder="hack/ — empty: everything"
          value={prefix}
          onChange={(event) => setPrefix(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
          style={{ flex: '1 1 140px' }}
        />
        <Button variant="light" onClick={add}>
          Add grant
        </Button>
      </Group>
      {prefix.trim() !== '' && (
        <Text size="xs" c="orange.8" role="note">
          {role} on {prefixOf(prefix) || 'everything'} is not added yet: press Add grant (or Enter).
        </Text>
      )}
      <Text size="xs" c="dimmed">
        viewer reads, editor also writes, publisher also publishes, admin also administers. A prefix is a
        directory path ending in / (hack/ covers hack and everything under it); empty is everything.
      </Text>
    </Stack>
  );
}
