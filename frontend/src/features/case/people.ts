// Naming the people a case refers to by id (owner, members) with what the reader may know.
import type { TimelineItem } from '../../api/types';
import { useAccountLookup, useCasePeople } from '../../api/queries';
import { useSignedInUser } from '../../app/auth';

export interface Person {
  id: string;
  label: string;
  /** Whether the label is only a fallback (the reader may not look the account up). */
  unknown: boolean;
}

/**
 * usePeople resolves user ids to names: the reader themself, then the people the case names
 * (GET /cases/{id}/people, which every role that may see the case may read), then the accounts
 * the reader may look up (a new owner picked in a form), then an email seen on the timeline.
 */
export function usePeople(caseId: string, timeline: TimelineItem[]) {
  const me = useSignedInUser();
  const named = useCasePeople(caseId);
  const lookUp = useAccountLookup(me.role);
  return (id: string): Person => {
    if (id === me.id) return { id, label: `${me.name} (you)`, unknown: false };
    const person = named.data?.find((p) => p.id === id);
    if (person) return { id, label: person.name, unknown: false };
    const user = lookUp(id);
    if (user) return { id, label: user.name, unknown: false };
    const seen = timeline.find((t) => t.actor_id === id && t.actor_email);
    if (seen?.actor_email) return { id, label: seen.actor_email, unknown: false };
    return { id, label: 'Another user', unknown: true };
  };
}
