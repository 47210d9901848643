// Live progress of the backups, verifications and restores this server runs, from the `backup`
// events of the events stream: phase, keys of total keys, bytes, then how it ended.
import { Alert, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useLiveEvents } from '../../events/LiveEvents';
import { type BackupProgress, describeProgress, progressPercent, readBackupProgress } from './backup-text';

/** The newest report of each operation seen since the page opened (live only: not resumed). */
export function useBackupProgress(): BackupProgress[] {
  const live = useLiveEvents();
  const [operations, setOperations] = useState<BackupProgress[]>([]);
  useEffect(
    () =>
      live.subscribe((type, data) => {
        if (type !== 'backup') return;
        const report = readBackupProgress(data);
        if (report === undefined) return;
        setOperations((seen) => [report, ...seen.filter((other) => other.id !== report.id)].slice(0, 5));
      }),
    [live],
  );
  return operations;
}

export function BackupProgressPanel({ operations }: { operations: readonly BackupProgress[] }) {
  return (
    <section aria-label="Backup progress" aria-live="polite">
      {operations.length === 0 ? null : (
        <Stack gap={6}>
          {operations.map((operation) => {
            const percent = progressPercent(operation);
            const failed = operation.outcome === 'failure';
            return (
              <Alert
                key={operation.id}
                variant="light"
                color={failed ? 'red' : operation.done ? 'teal' : 'blue'}
                p="xs"
                data-operation={operation.operation}
                data-done={operation.done}
              >
                <Text size="sm">{describeProgress(operation)}</Text>
                <Text size="xs" c="dimmed">
                  started by {operation.by}
                </Text>
                {!operation.done && (
                  <Progress
                    mt={4}
                    value={percent ?? 100}
                    animated={percent === undefined}
                    striped={percent === undefined}
                    aria-label={`${operation.operation} progress`}
                  />
                )}
              </Alert>
            );
          })}
        </Stack>
      )}
    </section>
  );
}
