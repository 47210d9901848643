// Placeholder until this view is built: History of one directory or of one key in it (?key=).
import { Text } from '@mantine/core';

export function DirectoryHistory({ name }: { name: string }) {
  return <Text c="dimmed">DirectoryHistory of {name}</Text>;
}
