// Adding a key to a directory: its path below the directory, its value (checked against the
// template as you type) and whether it is sensitive; staged like every edit.
import { Group, Paper, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { TemplateChecks } from './useTemplateChecks';
import { type ValueEdit, ValueEditor } from './ValueEditor';

export function AddKeyForm({
  directory,
  checks,
  existing,
  saving,
  onAdd,
  onClose,
}: {
  directory: string;
  checks: TemplateChecks;
  existing: ReadonlySet<string>;
  saving: boolean;
  onAdd: (path: string, edit: ValueEdit) => Promise<boolean>;
  onClose: () => void;
}) {
  const [path, setPath] = useState('');
  const clean = path.trim().replace(/^\/+/, '');
  const pathProblem =
    clean === ''
      ? undefined
      : clean.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')
        ? 'a key path has no empty, "." or ".." segment'
        : existing.has(clean)
          ? 'this key exists already; edit it in the table'
          : undefined;
  return (
    <Paper withBorder p="sm" component="section" aria-label="Add a key">
      <Text size="sm" fw={600} mb={4}>
        Add a key
      </Text>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput
          label="Key path"
          size="xs"
          leftSection={
            <Text size="xs" c="dimmed">
              {directory}/
            </Text>
          }
          leftSectionWidth={Math.min(160, directory.length * 8 + 16)}
          placeholder="storage/swift/container"
          value={path}
          onChange={(event) => setPath(event.currentTarget.value)}
          error={pathProblem}
          autoFocus
          style={{ flex: '1 1 220px' }}
        />
        <div style={{ flex: '2 1 280px', minWidth: 0 }}>
          {clean !== '' && pathProblem === undefined ? (
            <ValueEditor
              key={clean}
              keyPath={`${directory}/${clean}`}
              path={clean}
              initial=""
              sealed={false}
              checks={checks}
              saving={saving}
              saveLabel="Stage new key"
              onCancel={onClose}
              onSave={async (edit) => {
                if (await onAdd(clean, edit)) setPath('');
              }}
            />
          ) : (
            <Text size="xs" c="dimmed" mt={22}>
              Type the key's path first.
            </Text>
          )}
        </div>
      </Group>
    </Paper>
  );
}
