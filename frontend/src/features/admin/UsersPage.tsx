// Administration › Users: every account, with create, edit and password reset, and which roles must use
// two-step sign-in.
import { ActionIcon, Badge, Box, Button, Card, Group, Menu, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconDots, IconKey, IconPencil, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';

import { useDepartments } from '../../api/queries';
import type { User } from '../../api/types';
import { useSignedInUser } from '../../app/auth';
import { departmentName } from '../../components/departments';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { RoleBadge } from '../../components/RoleBadge';
import { CreateUserDialog } from './CreateUserDialog';
import { EditUserDrawer } from './EditUserDrawer';
import { useUserList } from './queries';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { SignInPolicyCard } from './SignInPolicyCard';

function UserRow({
  user,
  isMe,
  department,
  onEdit,
  onReset,
}: {
  user: User;
  isMe: boolean;
  department: string;
  onEdit: () => void;
  onReset: () => void;
}) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>
          {user.email}
        </Text>
      </Table.Td>
      <Table.Td data-label="Name">
        <Group gap={6} wrap="nowrap">
          <Text size="sm">{user.name}</Text>
          {isMe ? (
            <Badge size="xs" variant="outline" color="gray" radius="sm">
              you
            </Badge>
          ) : null}
        </Group>
      </Table.Td>
      <Table.Td data-label="Role">
        <RoleBadge role={user.role} />
      </Table.Td>
      <Table.Td data-label="Department">
        <Text size="sm" c={user.department_id ? undefined : 'dimmed'}>
          {department}
        </Text>
      </Table.Td>
      <Table.Td data-label="Status">
        <Badge color={user.disabled ? 'red' : 'teal'} variant="dot" radius="sm">
          {user.disabled ? 'Disabled' : 'Active'}
        </Badge>
      </Table.Td>
      <Table.Td data-corner>
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label="Edit" withArrow>
            <ActionIcon variant="subtle" color="gray" onClick={onEdit} aria-label={`Edit ${user.email}`}>
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${user.email}`}>
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconKey size={14} />} onClick={onReset}>
                Reset password…
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export function UsersPage() {
  useDocumentTitle('Users · Caseward');
  const me = useSignedInUser();
  const users = useUserList();
  const departments = useDepartments();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  const body = () => {
    if (users.query.isPending) return <LoadingRows label="Loading users" />;
    if (users.query.isError) {
      return (
        <LoadError
          error={users.query.error}
          title="The users could not be loaded"
          onRetry={() => void users.query.refetch()}
          retrying={users.query.isFetching}
        />
      );
    }
    if (users.items.length === 0) return <Empty icon={IconUsers} title="No users yet" />;
    return (
      <>
        <ResponsiveTable minWidth={760} highlightOnHover verticalSpacing="sm" aria-label="Users">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Email</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Department</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th w={90}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.items.map((u) => (
              <UserRow
                key={u.id}
                user={u}
                isMe={u.id === me.id}
                department={departmentName(departments.data, u.department_id)}
                onEdit={() => setEditing(u.id)}
                onReset={() => setResetting(u)}
              />
            ))}
          </Table.Tbody>
        </ResponsiveTable>
        <LoadMore
          hasMore={users.hasMore}
          loading={users.loadingMore}
          onLoad={users.loadMore}
          shown={users.items.length}
          noun={['user', 'users']}
        />
      </>
    );
  };

  return (
    <>
      <PageHeader
        title="Users"
        description="Who may sign in to Caseward, and in which role. Every change is recorded in the audit log."
        actions={
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setCreating(true)}>
            New user
          </Button>
        }
      />
      <Box mt="lg">
        <SignInPolicyCard />
      </Box>
      <Card withBorder padding="md" radius="md" mt="lg">
        {body()}
      </Card>
      <CreateUserDialog opened={creating} onClose={() => setCreating(false)} />
      <EditUserDrawer userId={editing} onClose={() => setEditing(null)} onResetPassword={setResetting} />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
