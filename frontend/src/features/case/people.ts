// Naming the people a case refers to by id (owner, members) with what the reader may know.
import type { TimelineItem } from '../../api/types';
import { useAccountLookup } from '../../api/queries';
import { useSignedInUser } from '../../app/auth';

export interface Person {
  id: string;
  label: string;
  /** Whether the label is only a fallback (the reader may not look the account up). */
  unknown: boolean;
}

/**
 * usePeople resolves user ids to names. Administrators may list every account and responders
 * the administrators and responders a case may be given to; everyone else knows themself and
 * the people who appear, with their email, on the case's timeline.
 */
export function usePeople(timeline: TimelineItem[]) {
  const me = useSignedInUser();
  const lookUp = useAccountLookup(me.role);
  return (id: string): Person => {
    if (id === me.id) return { id, label: `${me.name} (you)`, unknown: false };
    const user = lookUp(id);
    if (user) return { id, label: user.name, unknown: false };
    const seen = timeline.find((t) => t.actor_id === id && t.actor_email);
    if (seen?.actor_email) return { id, label: seen.actor_email, unknown: false };
    return { id, label: 'Another user', unknown: true };
  };
}
