// Dates as the browser's datetime-local inputs take them.

export const DAY_MS = 86_400_000;

/** localInput is a datetime-local value `days` from now at 17:00, in the browser's (the machine's) time zone. */
export function localInput(days: number): string {
  const d = new Date(Date.now() + days * DAY_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T17:00`;
}
