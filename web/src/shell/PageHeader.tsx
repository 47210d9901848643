// The top of every section's page: its title, what it is for, and its main actions on the right
// (wrapping under the title at phone width).
import { Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * @example
 * <PageHeader title="Agents" description="Every running agent's units…"><TextInput label="Filter" /></PageHeader>
 */
export function PageHeader({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
      <div>
        <Title order={1} size="h3">
          {title}
        </Title>
        {description !== undefined && (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        )}
      </div>
      {children !== undefined && (
        <Group gap="xs" wrap="wrap" align="flex-end">
          {children}
        </Group>
      )}
    </Group>
  );
}
