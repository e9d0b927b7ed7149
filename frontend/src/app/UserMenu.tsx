// The signed-in user in the header: name, role, and the menu with "Your account" and "Sign out".
import { Avatar, Box, Group, Menu, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';

import { RoleBadge } from '../components/RoleBadge';
import { useAuth, useSignedInUser } from './auth';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : [parts[0]];
  return letters.map((p) => p?.[0]?.toUpperCase() ?? '').join('') || '?';
}

export function UserMenu() {
  const user = useSignedInUser();
  const auth = useAuth();
  const navigate = useNavigate();

  const onSignOut = async () => {
    await auth.signOut();
    await navigate('/login', { replace: true });
  };

  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        {/* The name is the visible text with "Account menu for" before it (WCAG 2.5.3: the name contains the label). */}
        <UnstyledButton px="xs" py={4} style={{ borderRadius: 8 }}>
          <VisuallyHidden>Account menu for </VisuallyHidden>
          <Group gap="sm" wrap="nowrap">
            <Avatar color="indigo" radius="xl" size={34} aria-hidden>
              {initials(user.name)}
            </Avatar>
            <Stack gap={2} visibleFrom="xs">
              <Text size="sm" fw={600} lh={1.1} data-testid="user-name">
                {user.name}
              </Text>
              <RoleBadge role={user.role} size="xs" />
            </Stack>
            {/* On a phone the name is not shown; the button still says whose menu it is. */}
            <VisuallyHidden hiddenFrom="xs">{user.name}</VisuallyHidden>
            <Box visibleFrom="xs" display="flex">
              <IconChevronDown size={16} stroke={1.6} aria-hidden />
            </Box>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in as</Menu.Label>
        <Text size="sm" px="sm" pb="xs" truncate="end">
          {user.email}
        </Text>
        <Menu.Divider />
        <Menu.Item component={Link} to="/account" leftSection={<IconUserCircle size={16} />}>
          Your account
        </Menu.Item>
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void onSignOut()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
