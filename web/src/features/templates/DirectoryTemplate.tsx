// Placeholder until this view is built: The template a directory came from, and upgrading it.
import { Text } from '@mantine/core';

export function DirectoryTemplate({ name }: { name: string }) {
  return <Text c="dimmed">DirectoryTemplate of {name}</Text>;
}
