// What a sign-in step could not show on a field: throttling with its countdown, a wrong email or
// password, or the server's message. Field errors are shown on the fields themselves.
import { Alert } from '@mantine/core';
import { IconAlertCircle, IconClockPause } from '@tabler/icons-react';

import { ApiError, errorMessage } from '../../api/problem';

/** duration says a wait in words: "42 seconds", "14 min 5 s". */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** throttledUntil is when a 429 with Retry-After lets the next try through (ms since the epoch), or null. */
export function throttledUntil(error: unknown, now = Date.now()): number | null {
  if (!(error instanceof ApiError) || error.status !== 429 || error.retryAfterSeconds === null) return null;
  return now + error.retryAfterSeconds * 1000;
}

export function SignInAlert({
  error,
  waitSeconds,
  fields,
}: {
  error: unknown;
  waitSeconds: number;
  /** The fields this step shows errors on. */
  fields: readonly string[];
}) {
  if (!error) return null;
  if (error instanceof ApiError && error.status === 429) {
    if (error.retryAfterSeconds !== null && waitSeconds === 0) return null;
    const wait =
      error.retryAfterSeconds === null
        ? 'Wait a moment before trying again.'
        : `Try again in ${duration(waitSeconds)}.`;
    return (
      <Alert color="orange" variant="light" icon={<IconClockPause />} title="Too many sign-in attempts" role="alert">
        {wait}
      </Alert>
    );
  }
  if (error instanceof ApiError && error.status === 401) {
    return (
      <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Email or password is incorrect" role="alert">
        Check both and try again.
      </Alert>
    );
  }
  if (error instanceof ApiError && error.status === 422) {
    const named = Object.keys(error.fieldErrors);
    if (named.length > 0 && named.every((f) => fields.includes(f))) return null;
  }
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Could not sign in" role="alert">
      {errorMessage(error)}
    </Alert>
  );
}
