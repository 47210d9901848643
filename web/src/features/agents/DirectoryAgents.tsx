// Placeholder until this view is built: The agents following one directory.
import { Text } from '@mantine/core';

export function DirectoryAgents({ name }: { name: string }) {
  return <Text c="dimmed">DirectoryAgents of {name}</Text>;
}
