// Follow or unfollow a case or a service: its events then reach you on the channels you chose.
import { Button, Tooltip } from '@mantine/core';
import { IconBellPlus, IconBellMinus } from '@tabler/icons-react';

import { errorMessage } from '../../api/problem';
import { followLabel, type FollowTargetType } from './logic';
import { useFollowState, useSetFollow } from './queries';

export function FollowButton({ type, id }: { type: FollowTargetType; id: string }) {
  const state = useFollowState(type, id);
  const set = useSetFollow(type, id);
  if (state.isPending || state.isError) return null;
  const following = state.data.following;
  const Icon = following ? IconBellMinus : IconBellPlus;
  const button = (
    <Button
      variant={following ? 'light' : 'default'}
      leftSection={<Icon size={16} />}
      onClick={() => set.mutate(!following)}
      loading={set.isPending}
      aria-pressed={following}
    >
      {followLabel(following)}
    </Button>
  );
  if (set.isError) {
    return (
      <Tooltip label={errorMessage(set.error)} opened>
        {button}
      </Tooltip>
    );
  }
  return button;
}
