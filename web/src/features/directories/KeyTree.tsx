// The directory's folders as a tree: pick one to show only the keys below it. Only open folders'
// children are rendered, so a directory of thousands of keys stays light.
import { ActionIcon, Badge, Box, Group, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { foldersOnTheWay, type KeyFolder } from './key-tree';

/** At most this many children of one folder are listed (the search reaches the others). */
const MAX_CHILDREN = 200;

export function KeyTree({
  directory,
  root,
  selected,
  onSelect,
}: {
  directory: string;
  root: KeyFolder;
  selected: string;
  onSelect: (folder: string) => void;
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(foldersOnTheWay(selected)));
  const toggle = (path: string) =>
    setOpen((now) => {
      const next = new Set(now);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  const row = (folder: KeyFolder, depth: number) => {
    const isOpen = open.has(folder.path);
    const isSelected = folder.path === selected;
    const label = folder.path === '' ? `${directory}/` : `${folder.name}/`;
    return (
      <Box key={folder.path || '/'} component="li" style={{ listStyle: 'none' }}>
        <Group gap={2} wrap="nowrap" pl={depth * 12}>
          {folder.children.length > 0 && folder.path !== '' ? (
            <ActionIcon
              size="xs"
              variant="subtle"
              color="gray"
              aria-expanded={isOpen}
              aria-label={`${isOpen ? 'Close' : 'Open'} folder ${folder.path}`}
              onClick={() => toggle(folder.path)}
            >
              {isOpen ? '▾' : '▸'}
            </ActionIcon>
          ) : (
            <Box w={18} />
          )}
          <UnstyledButton
            onClick={() => onSelect(folder.path)}
            aria-current={isSelected ? 'true' : undefined}
            aria-label={`Show keys in ${folder.path === '' ? `${directory}/` : `${directory}/${folder.path}/`}`}
            px={6}
            py={2}
            style={{
              borderRadius: 4,
              flex: 1,
              minWidth: 0,
              background: isSelected ? 'var(--mantine-color-blue-light)' : undefined,
            }}
          >
            <Group gap={6} wrap="nowrap" justify="space-between">
              <Text size="sm" truncate fw={isSelected ? 600 : undefined}>
                {label}
              </Text>
              <Badge size="xs" variant="light" color="gray">
                {folder.keyCount}
              </Badge>
            </Group>
          </UnstyledButton>
        </Group>
        {(isOpen || folder.path === '') && folder.children.length > 0 && (
          <Box component="ul" p={0} m={0}>
            {folder.children.slice(0, MAX_CHILDREN).map((child) => row(child, depth + 1))}
            {folder.children.length > MAX_CHILDREN && (
              <Text
                component="li"
                size="xs"
                c="dimmed"
                pl={(depth + 1) * 12 + 24}
                style={{ listStyle: 'none' }}
              >
                {folder.children.length - MAX_CHILDREN} more folders — use the search
              </Text>
            )}
          </Box>
        )}
      </Box>
    );
  };
  return (
    <ScrollArea.Autosize mah={520} type="auto">
      <Box component="ul" p={0} m={0} aria-label="Folders">
        {row(root, 0)}
      </Box>
    </ScrollArea.Autosize>
  );
}
