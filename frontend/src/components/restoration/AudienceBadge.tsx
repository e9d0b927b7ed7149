// Who a stakeholder update is for: Public (also on the status page) or Internal (staff only).
import { Badge } from '@mantine/core';
import { IconLock, IconWorld } from '@tabler/icons-react';

import type { UpdateAudience } from './types';

export const audienceLabel: Record<UpdateAudience, string> = { public: 'Public', internal: 'Internal' };

export function AudienceBadge({ audience, size = 'sm' }: { audience: UpdateAudience; size?: 'xs' | 'sm' }) {
  const Icon = audience === 'public' ? IconWorld : IconLock;
  return (
    <Badge
      color={audience === 'public' ? 'blue' : 'gray'}
      variant="light"
      radius="sm"
      size={size}
      leftSection={<Icon size={12} aria-hidden />}
    >
      {audienceLabel[audience]}
    </Badge>
  );
}
