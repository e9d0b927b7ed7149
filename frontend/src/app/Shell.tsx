// The signed-in frame: a skip link, the header with the product, the colour scheme and the user, navigation, and the page.
import { AppShell, Burger, Group, NavLink, Progress, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Fragment, useSyncExternalStore } from 'react';
import { NavLink as RouterLink, Outlet, useMatch, useNavigation } from 'react-router';

import { Brand } from '../components/Brand';
import { useLiveUpdates } from '../features/live/useLiveUpdates';
import { datesVersion, subscribeDates } from '../components/dates';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { useSignedInUser } from './auth';
import { navigationFor, type NavItem, type NavLinkItem } from './nav';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import classes from './Shell.module.css';
import { UserMenu } from './UserMenu';

function NavItemLink({ item, onNavigate }: { item: NavLinkItem; onNavigate: () => void }) {
  // The overview is active only on "/"; other sections also on their sub-pages (/cases/…).
  const active = useMatch({ path: item.to, end: item.to === '/' }) !== null;
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

function NavEntry({ item, onNavigate }: { item: NavItem; onNavigate: () => void }) {
  if (item.kind === 'link') return <NavItemLink item={item} onNavigate={onNavigate} />;
  const GroupIcon = item.icon;
  return (
    <NavLink
      label={item.label}
      leftSection={<GroupIcon size={18} stroke={1.7} />}
      defaultOpened
      childrenOffset={22}
      style={{ borderRadius: 8 }}
    >
      {item.links.map((l) => (
        <NavItemLink key={l.to} item={l} onNavigate={onNavigate} />
      ))}
    </NavLink>
  );
}

/** MAIN_ID is the page's main landmark, where "Skip to content" lands. */
export const MAIN_ID = 'main-content';

function SkipLink() {
  return (
    <a
      href={`#${MAIN_ID}`}
      className={classes.skipLink}
      onClick={(event) => {
        // Move focus (not only the scroll position) so the next Tab starts inside the page; the URL stays as it is.
        event.preventDefault();
        document.getElementById(MAIN_ID)?.focus();
      }}
    >
      Skip to content
    </a>
  );
}

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const user = useSignedInUser();
  // One live connection per tab: what others change shows without a reload.
  useLiveUpdates(user.id);
  const items = navigationFor(user.role);
  // Each screen is its own chunk: while the next one loads, the current screen stays and a thin bar says so.
  const loading = useNavigation().state === 'loading';
  // A new time zone (chosen on the account page) shows every page again in it.
  const dates = useSyncExternalStore(subscribeDates, datesVersion);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
      styles={{ main: { background: 'var(--cw-page)' } }}
    >
      <SkipLink />
      <AppShell.Header>
        {/* On a phone the edges are narrower, so the brand, the scheme and the account fit in 360 px. */}
        <Group h="100%" px={{ base: 'xs', xs: 'md' }} justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Brand />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <NotificationBell />
            <ColorSchemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          {items.map((item) => (
            <NavEntry key={item.label} item={item} onNavigate={close} />
          ))}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id={MAIN_ID} tabIndex={-1} className={classes.main} aria-busy={loading}>
        {loading ? (
          <Progress
            value={100}
            animated
            size="xs"
            radius={0}
            aria-label="Loading the page"
            style={{ position: 'fixed', top: 60, left: 0, right: 0, zIndex: 200 }}
          />
        ) : null}
        <Fragment key={dates}>
          <Outlet />
        </Fragment>
      </AppShell.Main>
    </AppShell>
  );
}
