// The first step of a sign-in: email and password. Errors on their fields; refusals and throttling
// in an alert. A right password either signs in or leads to the second factor.
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconHourglassEmpty } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';

import type { SecondFactorDue, SignedIn } from '../../api/client';
import { ApiError } from '../../api/problem';
import { useAuth } from '../../app/auth';
import { SignInAlert } from './SignInAlert';
import type { AuthMethods } from '../../api/types';
import { SingleSignOn } from './singleSignOn';
import { StepHeading, TITLE_ID } from './StepHeading';

type Fields = 'email' | 'password';
type FieldErrors = Partial<Record<Fields, string>>;
const FIELDS: readonly Fields[] = ['email', 'password'];

function validate(email: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!email.trim()) errors.email = 'Enter your email address.';
  if (!password) errors.password = 'Enter your password.';
  return errors;
}

const isField = (name: string): name is Fields => name === 'email' || name === 'password';

/** ExpiredNotice says an unfinished second step ended, and the sign-in starts again here. */
function ExpiredNotice() {
  return (
    <Alert color="yellow" variant="light" icon={<IconHourglassEmpty />} title="Your sign-in expired" role="alert">
      It was open for more than five minutes, or had too many wrong codes. Enter your password again to start over.
    </Alert>
  );
}

export function PasswordStep({
  methods,
  returnTo,
  email,
  onEmail,
  expired,
  waitSeconds,
  onThrottled,
  onSecondFactor,
}: {
  /** How people sign in here: with passwords off, the form is only for the break-glass administrator, behind a link. */
  methods: AuthMethods;
  /** Where single sign-on comes back to. */
  returnTo: string;
  email: string;
  onEmail: (email: string) => void;
  /** The second step before this one ended unfinished. */
  expired: boolean;
  waitSeconds: number;
  onThrottled: (error: unknown) => void;
  onSecondFactor: (due: SecondFactorDue) => void;
}) {
  const { signIn } = useAuth();
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [adminForm, setAdminForm] = useState(false);
  const hideForm = methods.password || adminForm ? undefined : 'none';

  const login = useMutation({
    mutationFn: (input: { email: string; password: string }) => signIn(input.email, input.password),
    onSuccess: (answer: SignedIn | SecondFactorDue) => {
      if (answer.step === 'second-factor') onSecondFactor(answer);
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      const fromServer: FieldErrors = {};
      for (const [field, message] of Object.entries(error.fieldErrors)) {
        if (isField(field)) fromServer[field] = message;
      }
      setFieldErrors(fromServer);
      onThrottled(error);
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const errors = validate(email, password);
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) {
      login.reset();
      return;
    }
    login.mutate({ email: email.trim(), password });
  };

  const clear = (field: Fields) =>
    setFieldErrors((errors) => {
      const rest = { ...errors };
      delete rest[field];
      return rest;
    });

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={TITLE_ID}>
      <Stack gap="md">
        <StepHeading title="Sign in">Security-incident case tracking</StepHeading>
        <SingleSignOn methods={methods} returnTo={returnTo} formShown={!hideForm} onShowForm={setAdminForm} />
        {expired && !login.error ? <ExpiredNotice /> : null}
        <SignInAlert error={login.error} waitSeconds={waitSeconds} fields={FIELDS} />
        <TextInput
          display={hideForm}
          label="Email"
          type="email"
          autoComplete="username"
          autoFocus={!email && !methods.sso}
          value={email}
          onChange={(e) => {
            onEmail(e.currentTarget.value);
            clear('email');
          }}
          error={fieldErrors.email}
        />
        <PasswordInput
          display={hideForm}
          label="Password"
          autoComplete="current-password"
          autoFocus={!!email}
          value={password}
          onChange={(e) => {
            setPassword(e.currentTarget.value);
            clear('password');
          }}
          error={fieldErrors.password}
        />
        <Button display={hideForm} type="submit" fullWidth loading={login.isPending} disabled={waitSeconds > 0} mt="xs">
          Sign in
        </Button>
      </Stack>
    </form>
  );
}
