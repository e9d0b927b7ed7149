// Sign-in: email and password; server errors on their fields, refusals and throttling in an alert.
import { Alert, Anchor, Button, Center, PasswordInput, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertCircle, IconClockPause } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation } from 'react-router';

import { ApiError, errorMessage } from '../../api/problem';
import { useAuth } from '../../app/auth';
import type { LoginState } from '../../app/RequireAuth';
import { Brand } from '../../components/Brand';
import { FullPageLoader } from '../../components/FullPageState';
import { SingleSignOn, useAuthMethods } from './singleSignOn';
import { useCountdown } from './useCountdown';

type Fields = 'email' | 'password';
type FieldErrors = Partial<Record<Fields, string>>;

/** safeReturnPath keeps the post-login redirect inside the app. */
export function safeReturnPath(from: unknown): string {
  if (typeof from !== 'string' || !from.startsWith('/') || from.startsWith('//') || from.startsWith('/login')) {
    return '/';
  }
  return from;
}

function validate(email: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!email.trim()) errors.email = 'Enter your email address.';
  if (!password) errors.password = 'Enter your password.';
  return errors;
}

/** duration says a wait in words: "42 seconds", "14 min 5 s". */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

function FormAlert({ error, waitSeconds }: { error: unknown; waitSeconds: number }) {
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
  if (error instanceof ApiError && error.status === 422 && Object.keys(error.fieldErrors).every(isField)) {
    return null; // shown on the fields themselves
  }
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Could not sign in" role="alert">
      {errorMessage(error)}
    </Alert>
  );
}

const isField = (name: string): name is Fields => name === 'email' || name === 'password';

export function LoginPage() {
  useDocumentTitle('Sign in · Caseward');
  const { status, signIn } = useAuth();
  const location = useLocation();
  const returnTo = safeReturnPath((location.state as LoginState | null)?.from);
  const methods = useAuthMethods();
  // With passwords off, the form is only for the break-glass administrator, behind a link.
  const [adminForm, setAdminForm] = useState(false);
  const hideForm = methods.password || adminForm ? undefined : 'none';

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [retryUntil, setRetryUntil] = useState<number | null>(null);
  const waitSeconds = useCountdown(retryUntil);

  const login = useMutation({
    mutationFn: (input: { email: string; password: string }) => signIn(input.email, input.password),
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      const fromServer: FieldErrors = {};
      for (const [field, message] of Object.entries(error.fieldErrors)) {
        if (isField(field)) fromServer[field] = message;
      }
      setFieldErrors(fromServer);
      if (error.status === 429 && error.retryAfterSeconds !== null) {
        setRetryUntil(Date.now() + error.retryAfterSeconds * 1000);
      }
    },
  });

  if (status === 'signed-in') return <Navigate to={returnTo} replace />;
  if (status === 'loading') return <FullPageLoader label="Restoring your session…" />;

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

  const edit = (field: Fields, set: (v: string) => void) => (value: string) => {
    set(value);
    setFieldErrors((errors) => {
      const rest = { ...errors };
      delete rest[field];
      return rest;
    });
  };

  return (
    <Center
      component="main"
      mih="100vh"
      p="md"
      style={{
        background: 'linear-gradient(180deg, var(--cw-page-accent) 0%, var(--cw-page) 60%)',
      }}
    >
      <Stack w="100%" maw={400} gap="lg">
        <Center>
          <Brand size="xl" />
        </Center>
        <Paper withBorder shadow="sm" p="xl" radius="lg">
          <form onSubmit={onSubmit} noValidate aria-labelledby="login-title">
            <Stack gap="md">
              <div>
                <Title order={1} id="login-title" fz="h3">
                  Sign in
                </Title>
                <Text c="dimmed" size="sm">
                  Security-incident case tracking
                </Text>
              </div>
              <SingleSignOn methods={methods} returnTo={returnTo} formShown={!hideForm} onShowForm={setAdminForm} />
              <FormAlert error={login.error} waitSeconds={waitSeconds} />
              <TextInput
                display={hideForm}
                label="Email"
                type="email"
                autoComplete="username"
                autoFocus={!methods.sso}
                value={email}
                onChange={(e) => edit('email', setEmail)(e.currentTarget.value)}
                error={fieldErrors.email}
              />
              <PasswordInput
                display={hideForm}
                label="Password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => edit('password', setPassword)(e.currentTarget.value)}
                error={fieldErrors.password}
              />
              <Button
                display={hideForm}
                type="submit"
                fullWidth
                loading={login.isPending}
                disabled={waitSeconds > 0}
                mt="xs"
              >
                Sign in
              </Button>
            </Stack>
          </form>
        </Paper>
        <Text size="xs" c="dimmed" ta="center">
          Sign-ins are recorded in the audit log. No account yet? Ask a Caseward administrator.
        </Text>
        <Text size="sm" ta="center">
          <Anchor component={Link} to="/status">
            Service status
          </Anchor>
        </Text>
      </Stack>
    </Center>
  );
}
