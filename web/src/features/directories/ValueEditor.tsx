// Editing one value in place: the text (a password input when sensitive, never pre-filled with a
// sealed value), the "Sensitive" switch, the template's check as you type; Enter stages, Escape
// cancels.
import {
  Alert,
  Button,
  Code,
  Group,
  PasswordInput,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type KeyboardEvent, useId, useState } from 'react';
import type { TemplateChecks } from './useTemplateChecks';

export interface ValueEdit {
  readonly value: string;
  readonly sensitive: boolean;
}

/**
 * The editor of `keyPath`'s value. `initial` is the plain value now ('' for a sealed or new key).
 *
 * @example
 * <ValueEditor keyPath="hack/http/addr" path="http/addr" initial=":5000" sealed={false} checks={checks}
 *   onSave={(edit) => stage(edit)} onCancel={close} />
 */
export function ValueEditor({
  keyPath,
  path,
  initial,
  sealed,
  checks,
  saving,
  saveLabel = 'Stage',
  onSave,
  onCancel,
}: {
  keyPath: string;
  /** The key's path inside the directory, to find its spec. */
  path: string;
  initial: string;
  sealed: boolean;
  checks: TemplateChecks;
  saving: boolean;
  saveLabel?: string;
  onSave: (edit: ValueEdit) => void;
  onCancel: () => void;
}) {
  const forced = checks.sensitive(path);
  const [value, setValue] = useState(sealed ? '' : initial);
  const [sensitive, setSensitive] = useState(sealed || forced);
  const problemId = useId();
  const { spec, problem } = checks.check(path, value);
  const label = sealed ? `New value of ${keyPath} (replaces the sealed one)` : `New value of ${keyPath}`;
  // A value of several lines is edited in a text area (a text box would drop its line breaks):
  // there Enter starts a line and Ctrl+Enter stages.
  const [multiLine, setMultiLine] = useState(!sealed && initial.includes('\n'));
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && multiLine && !(event.ctrlKey || event.metaKey)) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      if (problem === undefined) onSave({ value, sensitive: sensitive || forced });
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    }
  };
  const inputProps = {
    label,
    value,
    size: 'xs' as const,
    autoFocus: true,
    onKeyDown,
    onChange: (event: { currentTarget: { value: string } }) => setValue(event.currentTarget.value),
    error: problem === undefined ? undefined : problem.reason,
    'aria-describedby': problem === undefined ? undefined : problemId,
    autoComplete: 'off',
    styles: { label: { fontSize: 'var(--mantine-font-size-xs)' } },
  };
  return (
    <Stack gap={4}>
      {sensitive || forced ? (
        <PasswordInput {...inputProps} placeholder={sealed ? 'type the new value' : undefined} />
      ) : multiLine ? (
        <Textarea {...inputProps} autosize minRows={2} maxRows={12} description="Ctrl+Enter stages" />
      ) : (
        <TextInput {...inputProps} />
      )}
      {problem !== undefined && (
        <Alert id={problemId} color="orange" p={6} role="status" aria-label="Template check">
          <Text size="xs">{problem.description}</Text>
          {problem.regex !== undefined && (
            <Text size="xs" mt={2}>
              Pattern:{' '}
              {problem.regex.map((pattern) => (
                <Code key={pattern}>{pattern}</Code>
              ))}
            </Text>
          )}
        </Alert>
      )}
      {problem === undefined && spec !== undefined && (
        <Text size="xs" c="dimmed">
          {spec.description}
        </Text>
      )}
      <Group gap="xs" wrap="wrap">
        <Switch
          size="xs"
          label="Sensitive"
          checked={sensitive || forced}
          disabled={forced || sealed}
          description={
            forced
              ? 'its template makes it sensitive'
              : sealed
                ? 'sealed now; it stays sealed'
                : 'sealed before it is stored; never shown again'
          }
          onChange={(event) => setSensitive(event.currentTarget.checked)}
        />
        <Button
          size="compact-xs"
          onClick={() => onSave({ value, sensitive: sensitive || forced })}
          disabled={problem !== undefined}
          loading={saving}
        >
          {saveLabel}
        </Button>
        <Button size="compact-xs" variant="default" onClick={onCancel}>
          Cancel
        </Button>
        {!multiLine && !(sensitive || forced) && (
          <Button size="compact-xs" variant="subtle" onClick={() => setMultiLine(true)}>
            Several lines
          </Button>
        )}
      </Group>
    </Stack>
  );
}
