import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { RegulatorDeadline } from './RegulatorDeadline';

const due = '2026-03-05T09:00:00Z';
const base = {
  regulator_notification_due_at: due,
  regulator_notified_at: null,
  personal_data_involved: true,
};

function show(c: Parameters<typeof RegulatorDeadline>[0]['c']) {
  render(
    <MantineProvider>
      <RegulatorDeadline c={c} />
    </MantineProvider>,
  );
  return screen.getByTestId('regulator-deadline');
}

describe('RegulatorDeadline', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(new Date('2026-03-03T03:50:00Z')); // 2 d 5 h 10 min before the deadline
  });
  afterEach(() => vi.useRealTimers());

  it('counts down while the notification is due', () => {
    const badge = show({ ...base, regulator_status: 'due' });
    expect(badge).toHaveTextContent('due in 2 d 5 h');
    expect(badge).toHaveAttribute('data-tone', 'due');
  });

  it('is red once overdue', () => {
    vi.setSystemTime(new Date('2026-03-05T12:00:00Z'));
    const badge = show({ ...base, regulator_status: 'overdue' });
    expect(badge).toHaveTextContent('overdue by 3 h');
    expect(badge).toHaveAttribute('data-tone', 'overdue');
    expect(badge.className).toMatch(/Badge/);
    expect(badge.getAttribute('style')).toContain('--badge-bg: var(--mantine-color-red-filled)');
  });

  it('says notified or not required without a clock', () => {
    expect(show({ ...base, regulator_status: 'notified' })).toHaveTextContent('notified');
  });

  it('says not required when no personal data is involved', () => {
    const badge = show({
      ...base,
      regulator_notification_due_at: null,
      personal_data_involved: false,
      regulator_status: 'not_required',
    });
    expect(badge).toHaveTextContent('not required');
    expect(badge).toHaveAttribute('data-tone', 'neutral');
  });
});
