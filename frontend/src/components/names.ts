// The server's checks on a department's, service's or account's name, made in the browser too so
// that they show with the server's own findings in the same round; the server stays the authority.

/** nameProblem says what is wrong with a required name of at most `max` characters, or null. */
export function nameProblem(label: string, value: string, max = 200): string | null {
  const name = value.trim();
  if (!name) return `${label} is required.`;
  if ([...name].length > max) return `${label} must be at most ${max} characters.`;
  return null;
}
