// The frame around every signed-in page: header with the user and sign-out, navigation that
// shows only what the user's roles allow, and the live-updates indicator.
import { AppShell, Burger, Button, Group, NavLink, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useLiveEvents } from '../events/LiveEvents';
import { allows } from '../session/permissions';
import { type SignedInUser, useSignOut } from '../session/useSession';

interface Section {
  readonly to: string;
  readonly label: string;
  /** Shown only to admins on everything. */
  readonly adminOnly?: boolean;
}

const SECTIONS: readonly Section[] = [
  { to: '/directories', label: 'Directories' },
  { to: '/compare', label: 'Compare & promote' },
  { to: '/templates', label: 'Templates' },
  { to: '/agents', label: 'Agents' },
  { to: '/backups', label: 'Backups', adminOnly: true },
  { to: '/admin/users', label: 'Users & roles', adminOnly: true },
  { to: '/admin/tokens', label: 'API tokens' },
  { to: '/admin/audit', label: 'Audit log', adminOnly: true },
];

export function Shell({ user, children }: { user: SignedInUser; children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const signOut = useSignOut();
  const location = useLocation();
  const live = useLiveEvents();
  const isAdmin = allows(user, 'admin', '');
  return (
    <AppShell
      header={{ height: 48 }}
      navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <img src="/favicon.svg" alt="" width={22} height={22} />
            <Text fw={700}>Setpoint</Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Tooltip label={live.connected ? 'Live updates on' : 'Reconnecting to live updates…'}>
              <Text
                size="xs"
                c={live.connected ? 'teal' : 'orange'}
                aria-label={live.connected ? 'live updates on' : 'live updates reconnecting'}
                data-testid="live-status"
              >
                ● {live.connected ? 'live' : 'offline'}
              </Text>
            </Tooltip>
            <Text size="sm" visibleFrom="xs">
              {user.name}
            </Text>
            <Button variant="default" onClick={() => signOut.mutate()} loading={signOut.isPending}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Sections">
        {SECTIONS.filter((section) => !section.adminOnly || isAdmin).map((section) => (
          <NavLink
            key={section.to}
            component={Link}
            to={section.to}
            label={section.label}
            active={location.pathname.startsWith(section.to)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
