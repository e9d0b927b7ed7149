import { describe, expect, it } from 'vitest';

import { humanize } from './humanize';

describe('humanize', () => {
  it('says a missing field is required', () => {
    expect(humanize('is required')).toBe('This field is required.');
    expect(humanize('is required', 'Title')).toBe('This field is required.');
  });

  it('makes a sentence about the field when given its label', () => {
    expect(humanize('is in the future', 'Occurred at')).toBe('Occurred at is in the future.');
    expect(humanize('must be one of low, medium, high, critical', 'Severity')).toBe(
      'Severity must be one of low, medium, high, critical.',
    );
    expect(humanize('does not match the file received (ab12): nothing was kept', 'SHA-256')).toBe(
      'SHA-256 does not match the file received (ab12): nothing was kept.',
    );
  });

  it('leaves a message without a label as the server wrote it', () => {
    expect(humanize('must be at most 300 characters')).toBe('must be at most 300 characters');
  });
});
