import { describe, expect, it } from 'vitest';

import { humanize } from './humanize';

describe('humanize', () => {
  it('says a missing field is required', () => {
    expect(humanize('is required')).toBe('This field is required.');
    expect(humanize('is required', 'Title')).toBe('Title is required.');
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

  it('keeps the server’s sentence, with the form’s label for the field', () => {
    expect(humanize('Aware at cannot be before the time it was detected.', 'Became aware', 'Aware at')).toBe(
      'Became aware cannot be before the time it was detected.',
    );
    expect(humanize('Email must be a valid email address.', 'Email', 'Email')).toBe(
      'Email must be a valid email address.',
    );
  });

  it('never shows a JSON field name', () => {
    expect(humanize('cannot be before detected_at', 'Aware at')).toBe('Aware at cannot be before detected at.');
    expect(humanize('no such department_id')).toBe('No such department.');
  });
});
