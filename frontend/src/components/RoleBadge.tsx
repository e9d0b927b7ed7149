import { Badge, type BadgeProps } from '@mantine/core';

import { roleInfo, type Role } from './roles';

/** RoleBadge shows a user's role in its colour. */
export function RoleBadge({ role, ...props }: { role: Role } & Omit<BadgeProps, 'color' | 'children'>) {
  const info = roleInfo[role];
  return (
    <Badge color={info.color} variant="light" radius="sm" {...props}>
      {info.label}
    </Badge>
  );
}
