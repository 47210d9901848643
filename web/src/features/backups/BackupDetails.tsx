// One backup's manifest (what it holds, its checksum, when and by which version it was made) and
// verifying it: every byte read back and checked against the manifest.
import { Alert, Button, Code, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys';
import { Problem, QueryState } from '../../shell/QueryState';
import { shortTime } from '../../shell/time';
import { formatBytes } from './backup-text';
import { readManifest, type VerifyResult, verifyBackup } from './backups-api';

export function BackupDetails({
  id,
  fullScreen,
  onClose,
  onRestore,
  onVerified,
}: {
  id: string;
  fullScreen: boolean;
  onClose: () => void;
  onRestore: () => void;
  /** The outcome of a verification, for the list to show. */
  onVerified: (result: VerifyResult) => void;
}) {
  const manifest = useQuery({
    queryKey: [...queryKeys.backups, 'manifest', id],
    queryFn: () => readManifest(id),
  });
  const verify = useMutation({
    mutationFn: () => verifyBackup(id),
    onSuccess: (result) => onVerified({ ...result, at: new Date().toISOString() }),
  });
  return (
    <Modal opened onClose={onClose} title={`Backup ${id}`} size="lg" fullScreen={fullScreen}>
      <QueryState query={manifest} what="the backup's manifest">
        {(m) => (
          <Stack gap="sm">
            <Table aria-label="Manifest" withRowBorders={false}>
              <Table.Tbody>
                {(
                  [
                    ['Made', shortTime(m.createdAt)],
                    ['Revision', String(m.revision)],
                    ['Keys', String(m.keyCount)],
                    [
                      'Size stored',
                      `${formatBytes(m.bytes)} (${formatBytes(m.uncompressedBytes)} uncompressed)`,
                    ],
                    ['Prefixes', m.prefixes.map((p) => (p === '' ? 'everything' : p)).join(', ')],
                    ['Encrypted to', m.encryptedTo?.join(', ') ?? 'not encrypted'],
                    ['SHA-256', m.sha256],
                    ['Data', m.data],
                    ['Setpoint', m.setpointVersion],
                    ['Format', `${m.format} ${m.formatVersion} (${m.kind})`],
                  ] as const
                ).map(([name, value]) => (
                  <Table.Tr key={name}>
                    <Table.Th w={130}>{name}</Table.Th>
                    <Table.Td style={{ wordBreak: 'break-all' }}>
                      {name === 'SHA-256' || name === 'Data' ? <Code>{value}</Code> : value}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {verify.error !== null && <Problem error={verify.error} title="Could not verify" />}
            {verify.data !== undefined &&
              (verify.data.ok ? (
                <Alert color="teal" role="status" title="Verified">
                  Every byte matches the manifest
                  {verify.data.keys === null
                    ? ' (encrypted: the bytes were checked, not the records).'
                    : `; ${verify.data.keys} keys read.`}
                </Alert>
              ) : (
                <Alert color="red" role="alert" title={`Not usable (${verify.data.code ?? 'damaged'})`}>
                  {verify.data.problem}
                </Alert>
              ))}
            <Group justify="flex-end">
              <Button variant="default" loading={verify.isPending} onClick={() => verify.mutate()}>
                Verify backup
              </Button>
              <Button onClick={onRestore}>Restore from it…</Button>
            </Group>
            <Text size="xs" c="dimmed">
              Verifying downloads the backup and checks its size and SHA-256, then reads every record.
            </Text>
          </Stack>
        )}
      </QueryState>
    </Modal>
  );
}
