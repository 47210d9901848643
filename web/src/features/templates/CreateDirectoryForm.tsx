// "Create a directory from this flavor": a form built from the flavor's values (grouped, labelled,
// defaults filled in, sensitive values as password inputs), checked as you type by the catalogue's own
// validator, previewed (dry run) and sent to POST /directories/:name/template; the server's refusal
// goes on the fields it names. Then the new directory opens.
import {
  Alert,
  Button,
  Code,
  Fieldset,
  Group,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { dottedPath } from '../../../../src/catalog/paths';
import { ApiProblem, answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { whyNot } from '../../session/permissions';
import { useSignedInUser } from '../../session/useSession';
import { type DiffEntry, DiffTable } from '../../shell/DiffTable';
import { Problem } from '../../shell/QueryState';
import { changedSetLines, checkForm, type FieldProblem, initialTexts, problemsOfRefusal } from './value-form';
import { type FlavorValue, groupValues, scalarText, valueLabel } from './value-text';

interface Props {
  readonly chart: string;
  readonly version: string;
  readonly flavor: string;
  readonly values: readonly FlavorValue[];
}

function fieldId(path: string): string {
  return `value-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** A field's error: the reason, and the patterns when the reason does not quote them already. */
function problemText(problem: FieldProblem): ReactNode {
  const patterns = (problem.regex ?? []).filter((pattern) => !problem.reason.includes(pattern));
  return (
    <>
      {problem.reason}
      {patterns.length > 0 && <> — the value must match {patterns.join(' and ')}</>}
    </>
  );
}

function fieldHelp(value: FlavorValue): ReactNode {
  return (
    <>
      <Code fz="xs" style={{ wordBreak: 'break-all' }}>
        {dottedPath(value.path)}
      </Code>{' '}
      {value.description}
      {value.clusterResources !== undefined && <> · cluster resources: {value.clusterResources}</>}
      {value.type === 'array' && <> · a list: items separated by commas, or a JSON list</>}
    </>
  );
}

function ValueField({
  value,
  text,
  error,
  onChange,
}: {
  value: FlavorValue;
  text: string;
  error: FieldProblem | undefined;
  onChange: (text: string) => void;
}) {
  const common = {
    id: fieldId(value.path),
    label: valueLabel(value),
    description: fieldHelp(value),
    required: value.required === true,
    error: error === undefined ? undefined : problemText(error),
    'data-path': value.path,
  };
  if (value.sensitive === true) {
    return (
      <PasswordInput
        {...common}
        value={text}
        autoComplete="new-password"
        onChange={(event) => onChange(event.currentTarget.value)}
      />
    );
  }
  if (value.type === 'boolean') {
    return (
      <Switch
        size="xs"
        id={common.id}
        label={common.label}
        description={common.description}
        error={common.error}
        checked={text === 'true'}
        onChange={(event) => onChange(event.currentTarget.checked ? 'true' : 'false')}
        mt="xs"
      />
    );
  }
  if (value.enum !== undefined && value.type !== 'array') {
    const options = value.enum.map((allowed) => scalarText(allowed));
    return (
      <Select
        {...common}
        data={options.includes(text) ? options : [...options, text]}
        value={text}
        allowDeselect={false}
        onChange={(picked) => onChange(picked ?? '')}
      />
    );
  }
  return (
    <TextInput
      {...common}
      value={text}
      inputMode={value.type === 'integer' || value.type === 'number' ? 'numeric' : undefined}
      spellCheck={false}
      autoComplete="off"
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}

/** The request body's values part, the same for a preview and for the real thing. */
interface Draft {
  readonly name: string;
  readonly description: string;
  readonly recipients: readonly string[];
  readonly message: string;
  readonly set: readonly string[];
}

export function CreateDirectoryForm({ chart, version, flavor, values }: Props) {
  const user = useSignedInUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [recipients, setRecipients] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [texts, setTexts] = useState<Record<string, string>>(() => initialTexts(values));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [refused, setRefused] = useState<Record<string, FieldProblem>>({});
  const [preview, setPreview] = useState<readonly DiffEntry[] | undefined>(undefined);

  const problems = useMemo(() => checkForm(values, texts), [values, texts]);
  const groups = useMemo(() => groupValues(values), [values]);
  const hasSensitive = values.some((value) => value.sensitive === true);
  const directory = name.trim().replace(/\/+$/, '');
  const notAllowed = directory === '' ? undefined : whyNot(user, 'publish', `${directory}/`);

  const apply = useMutation({
    mutationFn: (draft: Draft & { dryRun: boolean }) =>
      answer(
        api.POST('/api/v1/directories/{name}/template', {
          params: { path: { name: draft.name } },
          body: {
            chart,
            version,
            flavor,
            set: [...draft.set],
            ...(draft.recipients.length > 0 ? { recipients: [...draft.recipients] } : {}),
            ...(draft.description.trim() === '' ? {} : { description: draft.description.trim() }),
            ...(draft.message.trim() === '' ? {} : { message: draft.message.trim() }),
            dryRun: draft.dryRun,
          },
        }),
      ),
    onSuccess: (made, draft) => {
      if (draft.dryRun) {
        setPreview(made.entries);
        return;
      }
      void queryClient.invalidateQueries({ queryKey: queryKeys.directories });
      void queryClient.invalidateQueries({ queryKey: queryKeys.directory(made.directory) });
      navigate(`/directories/${encodeURIComponent(made.directory)}`);
    },
    onError: (error) => {
      setPreview(undefined);
      if (error instanceof ApiProblem) setRefused(problemsOfRefusal(values, error.details).byField);
    },
  });

  const change = (path: string, text: string) => {
    setTexts((current) => ({ ...current, [path]: text }));
    setTouched((current) => new Set(current).add(path));
    setRefused(({ [path]: _dropped, ...rest }) => rest);
    setPreview(undefined);
  };

  const send = (dryRun: boolean) => {
    if (!dryRun && notAllowed !== undefined) return;
    setAttempted(true);
    const firstWrong = values.find((value) => problems[value.path] !== undefined);
    if (directory === '' || firstWrong !== undefined) {
      document
        .getElementById(directory === '' ? 'new-directory-name' : fieldId(firstWrong?.path ?? ''))
        ?.focus();
      return;
    }
    apply.mutate({
      name: directory,
      description,
      recipients,
      message,
      set: changedSetLines(values, texts),
      dryRun,
    });
  };

  const wrong = Object.keys(problems).length;
  const refusalOther =
    apply.error instanceof ApiProblem ? problemsOfRefusal(values, apply.error.details).other : [];

  return (
    <form
      aria-label={`Create a directory from ${chart} ${version} (${flavor})`}
      onSubmit={(event) => {
        event.preventDefault();
        send(false);
      }}
      noValidate
    >
      <Stack gap="sm">
        <Fieldset legend="The new directory">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <TextInput
              id="new-directory-name"
              label="Directory name"
              description="The first segment of its keys, e.g. hack: the directory an agent follows"
              required
              value={name}
              autoComplete="off"
              spellCheck={false}
              error={attempted && directory === '' ? 'give the directory a name' : undefined}
              onChange={(event) => {
                setName(event.currentTarget.value);
                setPreview(undefined);
              }}
            />
            <TextInput
              label="Description"
              description="What the directory is for (kept in its record)"
              value={description}
              onChange={(event) => setDescription(event.currentTarget.value)}
            />
            <TagsInput
              size="xs"
              label="Recipients"
              description={
                hasSensitive
                  ? 'Required: this flavor has sensitive values, sealed to these public keys (registered with setpoint keys add)'
                  : 'Public keys sensitive values are sealed to (registered with setpoint keys add)'
              }
              placeholder="e.g. registry-agent, then Enter"
              value={recipients}
              onChange={setRecipients}
              splitChars={[',', ' ']}
            />
            <TextInput
              label="Message"
              description="Says why, in the directory's history"
              placeholder={`${directory === '' ? 'NAME' : directory} from the catalogue`}
              value={message}
              onChange={(event) => setMessage(event.currentTarget.value)}
            />
          </SimpleGrid>
        </Fieldset>
        {groups.map((group) => (
          <Fieldset key={group.name} legend={group.name}>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" verticalSpacing="sm">
              {group.values.map((value) => (
                <ValueField
                  key={value.path}
                  value={value}
                  text={texts[value.path] ?? ''}
                  error={
                    refused[value.path] ??
                    (attempted || touched.has(value.path) ? problems[value.path] : undefined)
                  }
                  onChange={(text) => change(value.path, text)}
                />
              ))}
            </SimpleGrid>
          </Fieldset>
        ))}
        {attempted && wrong > 0 && (
          <Alert
            color="orange"
            role="alert"
            title={`${wrong === 1 ? '1 value needs' : `${wrong} values need`} attention`}
          >
            <Text size="sm">
              {values
                .filter((value) => problems[value.path] !== undefined)
                .map((value) => valueLabel(value))
                .join(', ')}
            </Text>
          </Alert>
        )}
        {apply.error !== null && (
          <Problem
            error={apply.error}
            title={
              apply.variables?.dryRun === true ? 'The preview was refused' : 'The directory was not created'
            }
          />
        )}
        {refusalOther.length > 0 && (
          <Alert color="red" title="Also refused">
            {refusalOther.map((line) => (
              <Text size="sm" key={line}>
                {line}
              </Text>
            ))}
          </Alert>
        )}
        {preview !== undefined && (
          <DiffTable
            entries={preview}
            labels={['now', 'after']}
            caption={`What creating ${directory} will write`}
          />
        )}
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => send(true)}
            loading={apply.isPending && apply.variables?.dryRun === true}
          >
            Preview
          </Button>
          <Tooltip label={notAllowed ?? ''} disabled={notAllowed === undefined}>
            <Button
              type="submit"
              data-disabled={notAllowed !== undefined || undefined}
              aria-disabled={notAllowed !== undefined}
              loading={apply.isPending && apply.variables?.dryRun === false}
            >
              Create directory
            </Button>
          </Tooltip>
        </Group>
      </Stack>
    </form>
  );
}
