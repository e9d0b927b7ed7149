// Naming the people evidence refers to by id (collector, custody actor) with what the reader may know.
import { useAccountLookup } from '../../api/queries';
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
 * usePersonName resolves user ids to names: the reader themself, every account for an
 * administrator, the administrators and responders for a responder, else an email learnt from
 * the chain of custody.
 */
export function usePersonName(events: readonly CustodyEvent[] = []) {
  const me = useSignedInUser();
  const lookUp = useAccountLookup(me.role);
  const emails = knownEmails(events);
  return (id: string): string => {
    if (id === me.id) return `${me.name} (you)`;
    const user = lookUp(id);
    if (user) return user.name;
    return emails.get(id) ?? 'Another user';
  };
}
