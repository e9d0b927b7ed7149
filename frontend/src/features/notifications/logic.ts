// What the bell and the settings say, kept apart from the components so it can be tested plainly.
import type { components } from '../../api/schema';

export type AppNotification = components['schemas']['Notification'];
export type NotificationPreference = components['schemas']['NotificationPreference'];
export type Channel = components['schemas']['NotificationChannel'];
export type EmailDigest = components['schemas']['EmailDigest'];
export type FollowTargetType = components['schemas']['FollowTargetType'];

/** bellLabel is the bell's accessible name: "Notifications, 3 unread". */
export function bellLabel(unread: number): string {
  if (unread <= 0) return 'Notifications, none unread';
  return `Notifications, ${unread} unread`;
}

/** badgeText is the number on the bell: nothing at 0, "99+" past 99. */
export function badgeText(unread: number): string | null {
  if (unread <= 0) return null;
  return unread > 99 ? '99+' : String(unread);
}

/** sentenceOf tells a notification as one line: "Ana Silva moved the case to Triage". */
export function sentenceOf(n: Pick<AppNotification, 'actor_name' | 'sentence'>): string {
  const actor = n.actor_name.trim();
  if (!actor || actor === 'Caseward') return n.sentence;
  return `${actor} ${n.sentence}`;
}

export const CHANNELS: { channel: Channel; label: string }[] = [
  { channel: 'in_app', label: 'In the app' },
  { channel: 'email', label: 'By email' },
];

export const DIGESTS: { value: EmailDigest; label: string }[] = [
  { value: 'off', label: 'Send each email at once' },
  { value: 'hourly', label: 'One email an hour at most' },
  { value: 'daily', label: 'One email a day' },
];

export interface PreferenceRow {
  kind: NotificationPreference['kind'];
  in_app: boolean;
  email: boolean;
}

/** preferenceRows turns the list of switches into one row per kind, in the order the server sent them. */
export function preferenceRows(prefs: NotificationPreference[]): PreferenceRow[] {
  const rows = new Map<string, PreferenceRow>();
  for (const p of prefs) {
    const row = rows.get(p.kind) ?? { kind: p.kind, in_app: false, email: false };
    row[p.channel] = p.enabled;
    rows.set(p.kind, row);
  }
  return [...rows.values()];
}

/** followLabel says what the Follow button does next, with what it is about. */
export function followLabel(following: boolean): string {
  return following ? 'Unfollow' : 'Follow';
}
