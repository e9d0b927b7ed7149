import { describe, expect, it } from 'vitest';

import { appCode, appCodeProblem, groupSecret, recoveryCodeProblem, recoveryCodesText } from './codes';

describe('groupSecret', () => {
  it.each([
    ['JBSWY3DPEHPK3PXP', 'JBSW Y3DP EHPK 3PXP'],
    ['JBSWY3DPEHPK3PXPAB', 'JBSW Y3DP EHPK 3PXP AB'],
    ['', ''],
  ])('%s → %s', (secret, grouped) => {
    expect(groupSecret(secret)).toBe(grouped);
  });
});

describe('app codes', () => {
  it('drop the spaces and dashes people type', () => {
    expect(appCode(' 123 456 ')).toBe('123456');
    expect(appCode('123-456')).toBe('123456');
  });

  it.each([
    ['', 'Enter the 6-digit code from your authenticator app.'],
    ['12345', 'The code is 6 digits, as your authenticator app shows it.'],
    ['12345a', 'The code is 6 digits, as your authenticator app shows it.'],
    ['123 456', null],
  ])('%j → %s', (typed, problem) => {
    expect(appCodeProblem(typed)).toBe(problem);
  });
});

describe('recovery codes', () => {
  it.each([
    ['', 'Enter one of your recovery codes.'],
    ['abcd-efgh-ijkl-mnop', null],
    ['ABCD EFGH IJKL MNOP', null],
    ['abcd_efgh', 'A recovery code has only letters, digits and dashes.'],
  ])('%j → %s', (typed, problem) => {
    expect(recoveryCodeProblem(typed)).toBe(problem);
  });

  it('are kept as a text file that says whose they are', () => {
    const text = recoveryCodesText(['abcd-efgh-ijkl-mnop', 'qrst-uvwx-yz23-4567'], 'ada@example.org', '2 Mar 2026');
    expect(text.split('\n')).toEqual([
      'Caseward recovery codes for ada@example.org',
      'Made 2 Mar 2026. Each code signs you in once, instead of a code from your authenticator app.',
      'Making new codes, or setting up a new app, stops these from working.',
      '',
      'abcd-efgh-ijkl-mnop',
      'qrst-uvwx-yz23-4567',
      '',
    ]);
  });
});
