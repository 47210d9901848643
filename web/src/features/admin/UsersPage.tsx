// Users and roles (admins on everything): every user with their grants and state; create a user,
// change grants, disable or enable, set a password, delete — each change guarded by the user's
// modRevision (If-Match) so nobody's edit is silently lost.
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiProblem, answer, api } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { useSignedInUser } from '../../session/useSession';
import { PageHeader } from '../../shell/PageHeader';
import { Problem, QueryState } from '../../shell/QueryState';
import { shortTime } from '../../shell/time';
import { AdminOnly } from './AdminOnly';
import { GrantsEditor } from './GrantsEditor';
import { describeGrant, findUsers, type Grant, sameGrants } from './grants';
import { nextStep } from './user-problems';

const listUsers = () => answer(api.GET('/api/v1/users'));
type User = Awaited<ReturnType<typeof listUsers>>['users'][number];

const USERS_LIST = [...queryKeys.users, 'list'] as const;

/** The If-Match header of a change to `user`: only if nobody changed it since it was read. */
function ifMatch(user: User) {
  return { 'If-Match': String(user.modRevision) };
}

export function UsersPage() {
  return (
    <AdminOnly what="Users & roles">
      <UsersScreen />
    </AdminOnly>
  );
}

function UsersScreen() {
  // Changes to users make no live event (Setpoint's own records are not streamed): read again on
  // coming back to the tab; If-Match catches what changed in between.
  const users = useQuery({ queryKey: USERS_LIST, queryFn: listUsers, refetchOnWindowFocus: true });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [find, setFind] = useState('');
  const me = useSignedInUser();
  const edited = users.data?.users.find((user) => user.name === editing);
  return (
    <Stack gap="sm">
      <PageHeader title="Users & roles">
        <TextInput
          aria-label="Find a user"
          placeholder="Find a user or a grant"
          value={find}
          onChange={(event) => setFind(event.currentTarget.value)}
          w={200}
        />
        <Button onClick={() => setCreating(true)}>New user</Button>
      </PageHeader>
      <QueryState query={users} what="users">
        {({ users: all }) => {
          const list = findUsers(all, find);
          if (list.length === 0)
            return (
              <Text size="sm" c="dimmed">
                No user has “{find.trim()}” in their name or grants.
              </Text>
            );
          return (
            <Table.ScrollContainer minWidth={640}>
              <Table striped highlightOnHover aria-label="Users">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>User</Table.Th>
                    <Table.Th>Grants</Table.Th>
                    <Table.Th>State</Table.Th>
                    <Table.Th>Changed</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((user) => (
                    <Table.Tr key={user.name} data-user={user.name}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {user.name}
                          {user.name === me.name && (
                            <Text span size="xs" c="dimmed">
                              {' '}
                              (you)
                            </Text>
                          )}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {user.grants.length === 0 && (
                            <Text size="xs" c="dimmed">
                              none
                            </Text>
                          )}
                          {user.grants.map((grant) => (
                            <Badge
                              key={grant.prefix}
                              variant="light"
                              color={grant.role === 'admin' ? 'red' : 'blue'}
                              tt="none"
                            >
                              {describeGrant(grant)}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={user.disabled ? 'gray' : 'teal'} variant="dot">
                          {user.disabled ? 'disabled' : 'enabled'}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" title={user.updatedAt}>
                          {shortTime(user.updatedAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Button
                          variant="default"
                          onClick={() => setEditing(user.name)}
                          aria-label={`Edit ${user.name}`}
                        >
                          Edit
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          );
        }}
      </QueryState>
      {creating && (
        <NewUserDialog onClose={() => setCreating(false)} onCreated={(name) => setEditing(name)} />
      )}
      {editing !== undefined && (
        <EditUserDialog
          name={editing}
          user={edited}
          isSelf={editing === me.name}
          onClose={() => setEditing(undefined)}
        />
      )}
    </Stack>
  );
}

/** A dialog full-screen on a phone. */
function useFullScreen(): boolean {
  return useMediaQuery('(max-width: 40em)') ?? false;
}

function NewUserDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (name: string) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [grants, setGrants] = useState<Grant[]>([]);
  const create = useMutation({
    mutationFn: () => answer(api.POST('/api/v1/users', { body: { name, password, grants } })),
    onSuccess: async (user) => {
      setPassword('');
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
      onClose();
      onCreated(user.name);
    },
  });
  return (
    <Modal opened onClose={onClose} title="New user" fullScreen={useFullScreen()} size="lg">
      <form
        aria-label="New user"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label="User name"
            description="1 to 64 lowercase letters, digits, -, _ or ."
            required
            autoComplete="off"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <PasswordInput
            label="Initial password"
            description="At least 12 characters; give it to the user safely, they can change it."
            required
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
          <Text size="sm" fw={500}>
            Grants
          </Text>
          <GrantsEditor grants={grants} onChange={setGrants} />
          {create.error !== null && <Problem error={create.error} title="User not created" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function EditUserDialog({
  name,
  user,
  isSelf,
  onClose,
}: {
  name: string;
  user: User | undefined;
  isSelf: boolean;
  onClose: () => void;
}) {
  const fullScreen = useFullScreen();
  return (
    <Modal opened onClose={onClose} title={`User ${name}`} fullScreen={fullScreen} size="lg">
      {user === undefined ? (
        <Alert color="gray">User {name} no longer exists.</Alert>
      ) : (
        <UserForms key={user.name} user={user} isSelf={isSelf} onDeleted={onClose} />
      )}
    </Modal>
  );
}

function UserForms({ user, isSelf, onDeleted }: { user: User; isSelf: boolean; onDeleted: () => void }) {
  const queryClient = useQueryClient();
  const [grants, setGrants] = useState<Grant[]>([...user.grants]);
  const [password, setPassword] = useState('');
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [done, setDone] = useState<string | undefined>(undefined);
  /** The user's address and revision: every change applies only if nobody changed them since. */
  const thisUser = { params: { path: { name: user.name } }, headers: ifMatch(user) };
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.users });
  const change = useMutation({
    mutationFn: async (what: { kind: 'grants' | 'disabled' | 'password' | 'delete'; disabled?: boolean }) => {
      if (what.kind === 'grants')
        await answer(api.PATCH('/api/v1/users/{name}', { ...thisUser, body: { grants } }));
      else if (what.kind === 'disabled')
        await answer(
          api.PATCH('/api/v1/users/{name}', { ...thisUser, body: { disabled: what.disabled ?? false } }),
        );
      else if (what.kind === 'password')
        await answer(api.PUT('/api/v1/users/{name}/password', { ...thisUser, body: { password } }));
      else await answer(api.DELETE('/api/v1/users/{name}', thisUser));
      return what;
    },
    onMutate: () => setDone(undefined),
    onSuccess: async (what) => {
      if (what.kind === 'password') setPassword('');
      setDone(
        {
          grants: 'Grants saved.',
          disabled: what.disabled
            ? 'User disabled: their sessions ended, their tokens stop working.'
            : 'User enabled.',
          password: 'Password set: their sessions ended.',
          delete: 'User deleted.',
        }[what.kind],
      );
      await refresh();
      if (what.kind === 'delete') onDeleted();
    },
    onError: async (error) => {
      if (error instanceof ApiProblem && error.code === 'USER_CHANGED') {
        await refresh();
        const fresh = queryClient
          .getQueryData<{ users: User[] }>(USERS_LIST)
          ?.users.find((other) => other.name === user.name);
        if (fresh !== undefined) setGrants([...fresh.grants]);
      }
    },
  });
  const hint = nextStep(change.error);
  return (
    <Stack gap="md">
      <Group gap="xs">
        <Badge color={user.disabled ? 'gray' : 'teal'} variant="dot">
          {user.disabled ? 'disabled' : 'enabled'}
        </Badge>
        <Text size="xs" c="dimmed">
          created {shortTime(user.createdAt)} · revision {user.modRevision}
        </Text>
      </Group>
      {change.error !== null && <Problem error={change.error} title="Not changed" />}
      {hint !== undefined && (
        <Text size="sm" role="note">
          {hint}
        </Text>
      )}
      {done !== undefined && (
        <Alert color="teal" role="status" variant="light">
          {done}
        </Alert>
      )}
      <section aria-label="Grants of this user">
        <Title order={2} size="h5" mb={4}>
          Grants
        </Title>
        <GrantsEditor grants={grants} onChange={setGrants} />
        <Group justify="flex-end" mt="xs">
          <Button
            disabled={sameGrants(grants, user.grants)}
            loading={change.isPending && change.variables?.kind === 'grants'}
            onClick={() => change.mutate({ kind: 'grants' })}
          >
            Save grants
          </Button>
        </Group>
      </section>
      <section aria-label="Password">
        <Title order={2} size="h5" mb={4}>
          Password
        </Title>
        <form
          aria-label="Set password"
          onSubmit={(event) => {
            event.preventDefault();
            change.mutate({ kind: 'password' });
          }}
        >
          <Group gap="xs" align="flex-end">
            <PasswordInput
              label="New password"
              autoComplete="new-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              style={{ flex: '1 1 200px' }}
            />
            <Button
              type="submit"
              variant="light"
              loading={change.isPending && change.variables?.kind === 'password'}
            >
              Set password
            </Button>
          </Group>
          {isSelf && (
            <Text size="xs" c="dimmed" mt={4}>
              This is you: a new password ends your sessions, this one included; sign in again with it.
            </Text>
          )}
        </form>
      </section>
      <section aria-label="Account">
        <Title order={2} size="h5" mb={4}>
          Account
        </Title>
        <Group gap="xs">
          <Button
            variant="light"
            color={user.disabled ? 'teal' : 'orange'}
            loading={change.isPending && change.variables?.kind === 'disabled'}
            onClick={() => change.mutate({ kind: 'disabled', disabled: !user.disabled })}
          >
            {user.disabled ? 'Enable user' : 'Disable user'}
          </Button>
          {!confirmingDelete ? (
            <Button variant="light" color="red" onClick={() => setConfirmingDelete(true)}>
              Delete user…
            </Button>
          ) : (
            <Alert color="red" title={`Delete ${user.name}?`} w="100%">
              <Text size="sm">
                {user.name}, their API tokens and their sessions are removed. This cannot be undone.
                {isSelf && ' This is you: you will be signed out.'}
              </Text>
              <Group mt="xs" gap="xs">
                <Button
                  color="red"
                  loading={change.isPending && change.variables?.kind === 'delete'}
                  onClick={() => change.mutate({ kind: 'delete' })}
                >
                  Delete {user.name}
                </Button>
                <Button variant="default" onClick={() => setConfirmingDelete(false)}>
                  Keep
                </Button>
              </Group>
            </Alert>
          )}
        </Group>
      </section>
    </Stack>
  );
}
