// API tokens: the caller's own (an admin on everything may show everyone's), a new one made and
// shown once with a copy button — kept only in this page's memory, never in the URL or storage —
// and revoking one.
import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  NumberInput,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { allows } from '../../session/permissions';
import { useSignedInUser } from '../../session/useSession';
import { PageHeader } from '../../shell/PageHeader';
import { Problem, QueryState } from '../../shell/QueryState';
import { shortTime } from '../../shell/time';

const listTokens = (everyone: boolean) =>
  answer(api.GET('/api/v1/tokens', { params: { query: everyone ? { all: 'true' } : {} } }));
type Token = Awaited<ReturnType<typeof listTokens>>['tokens'][number];

function when(time: string | undefined, none: string) {
  return time === undefined ? none : shortTime(time);
}

export function TokensPage() {
  const me = useSignedInUser();
  const isAdmin = allows(me, 'admin', '');
  const [everyone, setEveryone] = useState(isAdmin);
  const tokens = useQuery({
    queryKey: [...queryKeys.tokens, everyone ? 'all' : 'mine'],
    queryFn: () => listTokens(everyone),
    // Tokens make no live event: read again on coming back to the tab.
    refetchOnWindowFocus: true,
  });
  const [revoking, setRevoking] = useState<Token | undefined>(undefined);
  return (
    <Stack gap="sm">
      <PageHeader
        title="API tokens"
        description={
          <>
            Programs (the CLI, CI jobs) call the API with a token: <Code>Authorization: Bearer spt_…</Code>. A
            token acts as its owner, with their grants.
          </>
        }
      />
      <NewToken />
      <Group justify="space-between">
        <Title order={2} size="h4">
          {everyone ? 'Every user’s tokens' : 'Your tokens'}
        </Title>
        {isAdmin && (
          <Switch
            label="Show every user’s tokens"
            checked={everyone}
            onChange={(event) => setEveryone(event.currentTarget.checked)}
          />
        )}
      </Group>
      <QueryState query={tokens} what="tokens">
        {({ tokens: list }) =>
          list.length === 0 ? (
            <Text c="dimmed" size="sm">
              No token yet.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped aria-label="Tokens">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    {everyone && <Table.Th>Owner</Table.Th>}
                    <Table.Th>Created</Table.Th>
                    <Table.Th>Last used</Table.Th>
                    <Table.Th>Expires</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((token) => {
                    const expired = token.expiresAt !== undefined && new Date(token.expiresAt) < new Date();
                    return (
                      <Table.Tr key={token.id}>
                        <Table.Td>
                          <Text size="sm">{token.name}</Text>
                          <Text size="xs" c="dimmed" ff="monospace" title={`id ${token.id}`}>
                            id {token.id.slice(0, 12)}…
                          </Text>
                        </Table.Td>
                        {everyone && <Table.Td>{token.owner}</Table.Td>}
                        <Table.Td>{when(token.createdAt, '')}</Table.Td>
                        <Table.Td>{when(token.lastUsedAt, 'never')}</Table.Td>
                        <Table.Td>
                          {expired ? <Badge color="gray">expired</Badge> : when(token.expiresAt, 'never')}
                        </Table.Td>
                        <Table.Td>
                          <Button
                            variant="light"
                            color="red"
                            aria-label={`Revoke ${token.name} of ${token.owner}`}
                            onClick={() => setRevoking(token)}
                          >
                            Revoke
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      {revoking !== undefined && <RevokeDialog token={revoking} onClose={() => setRevoking(undefined)} />}
    </Stack>
  );
}

function NewToken() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [days, setDays] = useState<string | number>(90);
  const create = useMutation({
    mutationFn: () =>
      answer(
        api.POST('/api/v1/tokens', {
          body: { name, ...(typeof days === 'number' ? { expiresInDays: days } : {}) },
        }),
      ),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: queryKeys.tokens });
    },
  });
  const made = create.data;
  if (made !== undefined)
    return (
      <Alert color="teal" title={`Token “${made.name}” created`} role="status">
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            Copy it now: you will not see it again. Setpoint keeps only its fingerprint.
          </Text>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Code aria-label="The new token" style={{ wordBreak: 'break-all', flex: 1 }}>
              {made.token}
            </Code>
            <CopyButton value={made.token}>
              {({ copied, copy }) => (
                <Button color={copied ? 'teal' : 'blue'} onClick={copy}>
                  {copied ? 'Copied' : 'Copy token'}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="xs">
            {made.expiresAt === undefined ? 'It does not expire.' : `It expires ${when(made.expiresAt, '')}.`}
          </Text>
          <Group>
            <Button variant="default" onClick={() => create.reset()}>
              Done, I have stored it
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  return (
    <form
      aria-label="Create a token"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput
          label="Token name"
          description="Where it is used, e.g. ci deploy"
          required
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          style={{ flex: '1 1 200px' }}
        />
        <NumberInput
          label="Expires in days"
          description="Empty: never expires"
          size="xs"
          min={1}
          max={3650}
          allowDecimal={false}
          value={days}
          onChange={setDays}
          w={140}
        />
        <Button type="submit" loading={create.isPending}>
          Create token
        </Button>
      </Group>
      {create.error !== null && <Problem error={create.error} title="Token not created" />}
    </form>
  );
}

function RevokeDialog({ token, onClose }: { token: Token; onClose: () => void }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => answer(api.DELETE('/api/v1/tokens/{id}', { params: { path: { id: token.id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.tokens });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Revoke “${token.name}”?`}>
      <Stack gap="sm">
        <Text size="sm">
          Programs calling with this token of {token.owner} are refused from now on. This cannot be undone:
          make a new token if they still need one.
        </Text>
        {revoke.error !== null && <Problem error={revoke.error} title="Not revoked" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep it
          </Button>
          <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate()}>
            Revoke token
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
