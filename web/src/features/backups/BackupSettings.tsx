// The backup schedule and retention the running service follows: cron (UTC) and how many backups
// to keep by count, by hour/day/week/month and by age; saved only if nobody else changed them
// (If-Match), refusals shown at the field they are about, in the server's words.
import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiProblem, answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { Problem } from '../../shell/QueryState';
import { shortTime } from '../../shell/time';
import type { BackupSettingsView } from './backups-api';
import {
  RETENTION_RULES,
  type RetentionFields,
  retentionFields,
  retentionText,
  settingsFieldOf,
} from './retention';

export function BackupSettings({ settings }: { settings: BackupSettingsView }) {
  const queryClient = useQueryClient();
  const [schedule, setSchedule] = useState(settings.schedule);
  const parsed = retentionFields(settings.retention);
  const [fields, setFields] = useState<RetentionFields>(parsed ?? {});
  /** Policy text the fields cannot hold is edited as text. */
  const [text, setText] = useState(parsed === undefined ? (settings.retention ?? '') : undefined);
  const headers = { 'If-Match': String(settings.modRevision) };
  const save = useMutation({
    mutationFn: () =>
      answer(
        api.PUT('/api/v1/backups/settings', {
          headers,
          body: { schedule, retention: text ?? retentionText(fields) ?? '' },
        }),
      ),
    onSuccess: (answered) => queryClient.setQueryData([...queryKeys.backups, 'settings'], answered),
    // Someone else saved meanwhile: show what is in effect now; saving again replaces it knowingly.
    onError: (error) => {
      if (error instanceof ApiProblem && error.code === 'BACKUP_SETTINGS_CHANGED')
        void queryClient.invalidateQueries({ queryKey: [...queryKeys.backups, 'settings'] });
    },
  });
  const reset = useMutation({
    mutationFn: () => answer(api.DELETE('/api/v1/backups/settings', { headers })),
    onSuccess: (answered) => queryClient.setQueryData([...queryKeys.backups, 'settings'], answered),
  });
  const problem = save.error instanceof ApiProblem ? save.error : undefined;
  const field = problem === undefined ? undefined : settingsFieldOf(problem.code);
  const changed =
    schedule !== settings.schedule || (text ?? retentionText(fields)) !== (settings.retention ?? '');
  return (
    <Paper withBorder p="sm" component="section" aria-label="Schedule and retention">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Schedule and retention
          </Title>
          <Badge variant="light" color={settings.source === 'stored' ? 'blue' : 'gray'}>
            {settings.source === 'stored'
              ? `set by ${settings.stored?.updatedBy ?? 'an admin'}`
              : 'from serve’s flags'}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          Next full backup: {settings.nextRun === null ? 'none planned' : shortTime(settings.nextRun)} · delta
          segments {settings.deltaIntervalMs === null ? 'off' : `every ${settings.deltaIntervalMs / 1000} s`}{' '}
          · target <Code>{settings.target}</Code>
        </Text>
        {settings.storedProblem !== null && (
          <Alert color="orange" title="The stored settings cannot be used">
            {settings.storedProblem}
          </Alert>
        )}
        {settings.service?.problem && (
          <Alert color="orange" title="The backup service reports a problem">
            {settings.service.problem}
          </Alert>
        )}
        <form
          aria-label="Backup settings"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          <Stack gap="xs">
            <TextInput
              label="Schedule (cron, UTC)"
              description={`Five fields, six with seconds, or @daily… — serve's default: ${settings.defaults.schedule}`}
              required
              value={schedule}
              onChange={(event) => setSchedule(event.currentTarget.value)}
              error={field === 'schedule' ? problem?.message : undefined}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
            {text !== undefined ? (
              <TextInput
                label="Retention"
                description="keep-last, keep-hourly, keep-daily, keep-weekly, keep-monthly, max-age-days (rule=n)"
                value={text}
                onChange={(event) => setText(event.currentTarget.value)}
                error={field === 'retention' ? problem?.message : undefined}
              />
            ) : (
              <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
                <legend>
                  <Text size="sm" fw={500}>
                    Retention: keep…
                  </Text>
                </legend>
                <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="xs">
                  {RETENTION_RULES.map((rule) => (
                    <NumberInput
                      key={rule.field}
                      label={rule.label}
                      title={rule.description}
                      size="xs"
                      min={rule.field === 'maxAgeDays' ? 1 : 0}
                      allowDecimal={false}
                      placeholder="—"
                      value={fields[rule.field] ?? ''}
                      onChange={(value) => {
                        const next = { ...fields };
                        if (typeof value === 'number') next[rule.field] = value;
                        else delete next[rule.field];
                        setFields(next);
                      }}
                    />
                  ))}
                </SimpleGrid>
                <Text
                  size="xs"
                  c={field === 'retention' ? 'red' : 'dimmed'}
                  mt={4}
                  role={field === 'retention' ? 'alert' : undefined}
                >
                  {field === 'retention'
                    ? problem?.message
                    : `A backup kept by any rule is kept; the newest is never removed. Serve's default: ${settings.defaults.retention ?? 'none'}.`}
                </Text>
              </fieldset>
            )}
            {save.error !== null && field === undefined && (
              <Problem error={save.error} title="Settings not saved" />
            )}
            {reset.error !== null && <Problem error={reset.error} title="Settings not reset" />}
            {save.isSuccess && !changed && (
              <Text size="xs" c="teal" role="status">
                Saved: the backup service follows them at once.
              </Text>
            )}
            <Group gap="xs">
              <Button type="submit" loading={save.isPending} disabled={!changed}>
                Save settings
              </Button>
              {settings.source === 'stored' && (
                <Button variant="default" loading={reset.isPending} onClick={() => reset.mutate()}>
                  Go back to serve’s flags
                </Button>
              )}
            </Group>
          </Stack>
        </form>
        {settings.service !== null && (
          <Text size="xs" c="dimmed">
            The backup service on {settings.service.host} (pid {settings.service.pid}) applies{' '}
            <Code>{settings.service.schedule}</Code>, {settings.service.retention ?? 'no retention'} since{' '}
            {shortTime(settings.service.appliedAt)}.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
