// Making a directory: its name, a description, and the recipients its sensitive values are sealed to
// (names of public keys registered with `setpoint keys add`).
import { Button, Group, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { whyNot } from '../../session/permissions';
import { useSignedInUser } from '../../session/useSession';
import { Problem } from '../../shell/QueryState';

/** Why a name cannot be a directory's, by the keyspace's rules, or undefined. */
export function directoryNameProblem(name: string): string | undefined {
  if (name === '') return undefined;
  if (name.includes('/')) return 'a directory name is one segment: no "/"';
  if (name === '.' || name === '..' || name === '_setpoint') return `"${name}" is reserved`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'a directory name has no control characters';
  return undefined;
}

export function NewDirectoryForm({ onMade }: { onMade: (name: string) => void }) {
  const user = useSignedInUser();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [recipients, setRecipients] = useState<string[]>([]);
  const make = useMutation({
    mutationFn: () =>
      answer(
        api.POST('/api/v1/directories', {
          body: {
            name: name.trim(),
            ...(description.trim() === '' ? {} : { description: description.trim() }),
            ...(recipients.length === 0 ? {} : { recipients }),
          },
        }),
      ),
    onSuccess: (made) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.directories });
      onMade(made.name);
    },
  });
  const trimmed = name.trim();
  const nameProblem =
    directoryNameProblem(trimmed) ?? (trimmed === '' ? undefined : whyNot(user, 'write', `${trimmed}/`));
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (trimmed !== '' && nameProblem === undefined) make.mutate();
      }}
    >
      <Stack gap="sm">
        <TextInput
          label="Name"
          description="one segment, e.g. registry-test; its keys are NAME/..."
          required
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={nameProblem}
          data-autofocus
        />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          maxLength={2000}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
        />
        <TagsInput
          label="Recipients"
          description="public keys (setpoint keys add) its sensitive values are sealed to; Enter after each"
          value={recipients}
          onChange={setRecipients}
          maxTags={50}
        />
        {make.error !== null && <Problem error={make.error} title="The directory was not made" />}
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={make.isPending}
            disabled={trimmed === '' || nameProblem !== undefined}
          >
            Make directory
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
