// Backups (admins on everything): every backup in the target with its time, size, key count,
// revision and state; back up now with live progress; a backup's manifest and verification;
// restore with a dry run first; the schedule and retention. Says so when serve runs without backups.
import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiProblem } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { PageHeader } from '../../shell/PageHeader';
import { Problem, QueryState } from '../../shell/QueryState';
import { shortTime } from '../../shell/time';
import { AdminOnly } from '../admin/AdminOnly';
import { BackupDetails } from './BackupDetails';
import { BackupProgressPanel, useBackupProgress } from './BackupProgressPanel';
import { BackupSettings } from './BackupSettings';
import { formatBytes } from './backup-text';
import { type BackupList, listBackups, makeBackup, readSettings, type VerifyResult } from './backups-api';
import { RestoreDialog } from './RestoreDialog';

/** A badge's label is never cut to an ellipsis in a narrow table column. */
const UNCUT = { label: { overflow: 'visible', textOverflow: 'clip' } } as const;
const STATUS_COLOR = { usable: 'teal', incomplete: 'orange', damaged: 'red' } as const;

function isBackupsOff(error: unknown): error is ApiProblem {
  return error instanceof ApiProblem && error.code === 'BACKUPS_OFF';
}

export function BackupsPage() {
  return (
    <AdminOnly what="Backups">
      <Backups />
    </AdminOnly>
  );
}

function Backups() {
  const queryClient = useQueryClient();
  const fullScreen = useMediaQuery('(max-width: 40em)') ?? false;
  // Scheduled backups and settings saved elsewhere make no live event: read again on coming back.
  const backups = useQuery({
    queryKey: [...queryKeys.backups, 'list'],
    queryFn: listBackups,
    refetchOnWindowFocus: true,
  });
  const settings = useQuery({
    queryKey: [...queryKeys.backups, 'settings'],
    queryFn: readSettings,
    refetchOnWindowFocus: true,
  });
  const operations = useBackupProgress();
  /** One backup at a time per server: someone else's, seen in the events, disables the button. */
  const running = operations.some((operation) => operation.operation === 'create' && !operation.done);
  const [showing, setShowing] = useState<string | undefined>(undefined);
  /** Verifications made in this page, by backup id: the list shows their outcome. */
  const [verified, setVerified] = useState<Readonly<Record<string, VerifyResult>>>({});
  const [restoring, setRestoring] = useState<{ backup: string | undefined } | undefined>(undefined);
  const create = useMutation({
    mutationFn: makeBackup,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.backups }),
  });

  if (isBackupsOff(backups.error))
    return (
      <Stack gap="sm">
        <PageHeader title="Backups" />
        <Alert color="gray" title="Backups are off on this server" role="status">
          <Text size="sm">{backups.error.message}</Text>
          <Text size="xs" c="dimmed" mt={4}>
            code {backups.error.code}
          </Text>
        </Alert>
      </Stack>
    );

  return (
    <Stack gap="sm">
      <PageHeader title="Backups">
        <Button
          variant="default"
          onClick={() => setRestoring({ backup: undefined })}
          disabled={backups.data === undefined}
        >
          Restore…
        </Button>
        <Tooltip label="A backup is running on this server" disabled={!running}>
          <Button
            onClick={() => create.mutate()}
            loading={create.isPending}
            disabled={running && !create.isPending}
          >
            Back up now
          </Button>
        </Tooltip>
      </PageHeader>
      <BackupProgressPanel operations={operations} />
      {create.error !== null && <Problem error={create.error} title="No backup made" />}
      {create.data !== undefined && (
        <Alert color="teal" role="status" title="Backup made" variant="light">
          <Code>{create.data.id}</Code>: {create.data.keyCount} keys at revision {create.data.revision},{' '}
          {formatBytes(create.data.bytes)}.
        </Alert>
      )}
      <QueryState query={backups} what="backups">
        {(list) => (
          <BackupTable
            list={list}
            verified={verified}
            onShow={setShowing}
            onRestore={(backup) => setRestoring({ backup })}
          />
        )}
      </QueryState>
      {settings.error !== null && !isBackupsOff(settings.error) ? (
        <Problem
          error={settings.error}
          title="Could not load the backup settings"
          retry={() => settings.refetch()}
        />
      ) : (
        settings.data !== undefined && <BackupSettings settings={settings.data} />
      )}
      {showing !== undefined && (
        <BackupDetails
          onVerified={(result) => setVerified((seen) => ({ ...seen, [result.id]: result }))}
          id={showing}
          fullScreen={fullScreen}
          onClose={() => setShowing(undefined)}
          onRestore={() => {
            setRestoring({ backup: showing });
            setShowing(undefined);
          }}
        />
      )}
      {restoring !== undefined && backups.data !== undefined && (
        <RestoreDialog
          backups={backups.data.backups}
          initialBackup={restoring.backup}
          reach={backups.data.deltas.toRevision}
          fullScreen={fullScreen}
          onClose={() => setRestoring(undefined)}
        />
      )}
    </Stack>
  );
}

function BackupTable({
  list,
  verified,
  onShow,
  onRestore,
}: {
  list: BackupList;
  verified: Readonly<Record<string, VerifyResult>>;
  onShow: (id: string) => void;
  onRestore: (id: string) => void;
}) {
  const { deltas } = list;
  // Newest usable first, then the ones that cannot be used (as the API orders them).
  const shown = [
    ...list.backups.filter((backup) => backup.usable).sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0)),
    ...list.backups.filter((backup) => !backup.usable),
  ];
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed">
        Target <Code>{list.target}</Code> ·{' '}
        {deltas.segments === 0 || deltas.toRevision === null
          ? 'no delta segments yet'
          : `${deltas.segments} delta segments (${formatBytes(deltas.bytes)}) reach revisions ${deltas.fromRevision} to ${deltas.toRevision}`}
      </Text>
      {list.backups.length === 0 ? (
        <Text c="dimmed" size="sm">
          No backup yet. Back up now, or wait for the schedule below.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover aria-label="Backups">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Made</Table.Th>
                <Table.Th>Backup</Table.Th>
                <Table.Th ta="right">Revision</Table.Th>
                <Table.Th ta="right">Keys</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((backup) => (
                <Table.Tr key={backup.id} data-backup={backup.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {backup.createdAt === null ? '—' : shortTime(backup.createdAt)}
                  </Table.Td>
                  <Table.Td>
                    <Code>{backup.id}</Code>
                    {backup.prefixes !== null && !backup.prefixes.includes('') && (
                      <Text size="xs" c="dimmed">
                        only {backup.prefixes.join(', ')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{backup.revision ?? '—'}</Table.Td>
                  <Table.Td ta="right">{backup.keyCount ?? '—'}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {formatBytes(backup.bytes)}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Tooltip label={backup.problem ?? 'its stored parts were checked'} multiline w={280}>
                        <Badge color={STATUS_COLOR[backup.status]} variant="light" styles={UNCUT}>
                          {backup.status}
                        </Badge>
                      </Tooltip>
                      {verified[backup.id] !== undefined && (
                        <Tooltip
                          label={
                            verified[backup.id]?.problem ??
                            `every byte checked at ${shortTime(verified[backup.id]?.at ?? '')}`
                          }
                          multiline
                          w={280}
                        >
                          <Badge
                            color={verified[backup.id]?.ok ? 'teal' : 'red'}
                            variant="outline"
                            styles={UNCUT}
                          >
                            {verified[backup.id]?.ok ? 'verified' : 'verify failed'}
                          </Badge>
                        </Tooltip>
                      )}
                      {backup.encrypted === true && (
                        <Badge color="grape" variant="outline" styles={UNCUT}>
                          encrypted
                        </Badge>
                      )}
                    </Group>
                    {backup.problem !== null && (
                      <Text size="xs" c="red">
                        {backup.problem}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button
                        variant="default"
                        aria-label={`Details of ${backup.id}`}
                        onClick={() => onShow(backup.id)}
                      >
                        Details
                      </Button>
                      <Tooltip
                        label={
                          backup.encrypted === true
                            ? 'Encrypted: the server holds no private key; restore it with setpoint backup restore --private-key'
                            : 'This backup cannot be used'
                        }
                        disabled={backup.usable && backup.encrypted !== true}
                        multiline
                        w={260}
                      >
                        <Button
                          variant="light"
                          aria-label={`Restore from ${backup.id}`}
                          disabled={!backup.usable || backup.encrypted === true}
                          onClick={() => onRestore(backup.id)}
                        >
                          Restore…
                        </Button>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
