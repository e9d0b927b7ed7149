import { describe, expect, it } from 'vitest';

import { badgeText, bellLabel, preferenceRows, sentenceOf } from './logic';

describe('the bell', () => {
  it('names how many are unread', () => {
    expect(bellLabel(3)).toBe('Notifications, 3 unread');
    expect(bellLabel(1)).toBe('Notifications, 1 unread');
    expect(bellLabel(0)).toBe('Notifications, none unread');
  });
  it('shows no number at 0 and caps it past 99', () => {
    expect(badgeText(0)).toBeNull();
    expect(badgeText(7)).toBe('7');
    expect(badgeText(100)).toBe('99+');
  });
  it('puts the actor before the sentence, but not Caseward itself', () => {
    expect(sentenceOf({ actor_name: 'Łucja Nowak', sentence: 'moved the case to Triage' })).toBe(
      'Łucja Nowak moved the case to Triage',
    );
    expect(sentenceOf({ actor_name: 'Caseward', sentence: 'A regulator clock runs out' })).toBe(
      'A regulator clock runs out',
    );
  });
});

describe('the settings table', () => {
  it('gathers the switches into one row per kind, in order', () => {
    const rows = preferenceRows([
      { kind: 'case.created', channel: 'in_app', enabled: true },
      { kind: 'case.created', channel: 'email', enabled: false },
      { kind: 'clock.overdue', channel: 'email', enabled: true },
      { kind: 'clock.overdue', channel: 'in_app', enabled: false },
    ]);
    expect(rows).toEqual([
      { kind: 'case.created', in_app: true, email: false },
      { kind: 'clock.overdue', in_app: false, email: true },
    ]);
  });
});
