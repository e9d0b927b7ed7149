// The signed-in frame: header with the product and the user, navigation, and the page.
import { AppShell, Burger, Group, NavLink, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLayoutDashboard, type Icon } from '@tabler/icons-react';
import { NavLink as RouterLink, Outlet, useMatch } from 'react-router';

import { Brand } from '../components/Brand';
import { UserMenu } from './UserMenu';

interface NavItem {
  to: string;
  label: string;
  icon: Icon;
}

/** Only screens that exist are listed: no link leads nowhere. */
const navItems: NavItem[] = [{ to: '/', label: 'Overview', icon: IconLayoutDashboard }];

function NavItemLink({ item, onNavigate }: { item: NavItem; onNavigate: () => void }) {
  const active = useMatch({ path: item.to, end: true }) !== null;
  const ItemIcon = item.icon;
  return (
    <NavLink
      component={RouterLink}
      to={item.to}
      label={item.label}
      active={active}
      variant="light"
      leftSection={<ItemIcon size={18} stroke={1.7} />}
      onClick={onNavigate}
      style={{ borderRadius: 8 }}
    />
  );
}

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure(false);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
      styles={{ main: { background: 'var(--mantine-color-gray-0)' } }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Brand />
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          {navItems.map((item) => (
            <NavItemLink key={item.to} item={item} onNavigate={close} />
          ))}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
