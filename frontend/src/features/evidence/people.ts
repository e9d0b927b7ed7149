// Naming the people evidence refers to by id (collector, custody actor) with what the reader may know.
import { useAccountLookup, useCasePeople } from '../../api/queries';
import { useSignedInUser } from '../../app/auth';
import type { CustodyEvent } from './types';

/**
 * knownEmails learns user ids from the events only Caseward writes: a `collected` event names
 * the collecting user's email as the receiving party.
 */
export function knownEmails(events: readonly CustodyEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) {
    if (e.action === 'collected' && e.to_party.includes('@') && !out.has(e.actor_id)) {
      out.set(e.actor_id, e.to_party);
    }
  }
  return out;
}

/**
 * usePersonName resolves user ids to names: the reader themself, the people the case names
 * (collectors and custody actors among them, readable by every role that may see the case),
 * the accounts the reader may look up, else an email learnt from the chain of custody.
 */
export function usePersonName(caseId: string, events: readonly CustodyEvent[] = []) {
  const me = useSignedInUser();
  const named = useCasePeople(caseId);
  const lookUp = useAccountLookup(me.role);
  const emails = knownEmails(events);
  return (id: string): string => {
    if (id === me.id) return `${me.name} (you)`;
    const person = named.data?.find((p) => p.id === id);
    if (person) return person.name;
    const user = lookUp(id);
    if (user) return user.name;
    return emails.get(id) ?? 'Another user';
  };
}
