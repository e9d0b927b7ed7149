// Starts the tab's live connection while someone is signed in (used by the Shell).
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import { useApi } from '../../api/context';
import { startLive } from './connection';

/** useLiveUpdates keeps the cached screens fresh from GET /api/v1/events while userId is signed in. */
export function useLiveUpdates(userId: string): void {
  const api = useApi();
  const queryClient = useQueryClient();
  useEffect(() => startLive({ api, queryClient }), [api, queryClient, userId]);
}
