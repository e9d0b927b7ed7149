// The codes of two-step sign-in as people type and keep them: the six digits from an authenticator
// app, the secret for an app that cannot read a QR code, and the recovery codes saved as a text file.

/** groupSecret splits a base32 secret into groups of four, easier to type into an app. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? '';
}

/** appCode is a typed app code as sent: digits only (spaces and dashes people type are dropped). */
export function appCode(typed: string): string {
  return typed.replace(/[\s-]/g, '');
}

/** appCodeProblem says what is wrong with a typed app code before it is sent, or null. */
export function appCodeProblem(typed: string): string | null {
  const code = appCode(typed);
  if (!code) return 'Enter the 6-digit code from your authenticator app.';
  return /^\d{6}$/.test(code) ? null : 'The code is 6 digits, as your authenticator app shows it.';
}

/** recoveryCodeProblem says what is wrong with a typed recovery code before it is sent, or null. */
export function recoveryCodeProblem(typed: string): string | null {
  const code = typed.trim();
  if (!code) return 'Enter one of your recovery codes.';
  return /^[A-Za-z0-9 -]{1,64}$/.test(code) ? null : 'A recovery code has only letters, digits and dashes.';
}

/** recoveryCodesText is the file of recovery codes to keep: whose they are, when made, one code a line. */
export function recoveryCodesText(codes: readonly string[], email: string, made: string): string {
  return [
    `Caseward recovery codes for ${email}`,
    `Made ${made}. Each code signs you in once, instead of a code from your authenticator app.`,
    'Making new codes, or setting up a new app, stops these from working.',
    '',
    ...codes,
    '',
  ].join('\n');
}
