// Reading the answer to ending a sign-in: an end already made elsewhere (404) is no failure.
import { unwrap } from '../../api/problem';

/** ended: this call ended it; gone: it had already ended (or signed out) before. */
export type EndOutcome = 'ended' | 'gone';

/** The notice shown when a sign-in had already ended. */
export const ALREADY_ENDED = 'That sign-in had already ended; the list is up to date.';

/** endOutcome reads an end call's answer: 204 ended, 404 gone, anything else thrown. */
export function endOutcome(result: { error?: unknown; response: Response }): EndOutcome {
  if (result.response.status === 404) return 'gone';
  unwrap(result);
  return 'ended';
}
