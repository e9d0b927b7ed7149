// Single sign-on on the sign-in page: how people may sign in, the "Sign in with …" button, and
// what a refused sign-in came back with (?sso_error=), in words.
import { Alert, Anchor, Button, Divider } from '@mantine/core';
import { IconAlertCircle, IconKey } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useLocation } from 'react-router';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import type { AuthMethods } from '../../api/types';

/** Until the server says otherwise (or if it cannot), the page offers passwords only. */
const passwordsOnly: AuthMethods = { password: true, sso: false };

/** useAuthMethods asks the server how people may sign in. */
export function useAuthMethods(): AuthMethods {
  const api = useApi();
  const query = useQuery({
    queryKey: queryKeys.authMethods,
    queryFn: async () => unwrap(await api.client.GET('/auth/methods')),
    staleTime: 5 * 60_000,
  });
  return query.data ?? passwordsOnly;
}

/** ssoStartURL is where the browser goes to sign in at the provider (a navigation, not a fetch). */
export function ssoStartURL(returnTo: string): string {
  return `/api/v1/auth/oidc/start?return_to=${encodeURIComponent(returnTo)}`;
}

export function SingleSignOnButton({ name, returnTo }: { name: string; returnTo: string }) {
  return (
    <Button component="a" href={ssoStartURL(returnTo)} fullWidth variant="default" leftSection={<IconKey size={16} />}>
      Sign in with {name}
    </Button>
  );
}

const messages: Record<string, string> = {
  state: 'The sign-in expired or was started in another browser. Please sign in again.',
  provider: 'The sign-in provider did not sign you in.',
  token:
    'The answer from the sign-in provider could not be verified, so you were not signed in. Try again; if it keeps happening, tell your administrator.',
  unavailable: 'The sign-in provider cannot be reached right now. Try again shortly.',
  no_role: 'None of your groups at the sign-in provider gives access to Caseward. Ask your administrator for access.',
  department: 'Your groups give no department that Caseward knows, and your role needs one. Ask your administrator.',
  disabled: 'Your Caseward account is disabled. Ask a Caseward administrator.',
  email_taken:
    'Another Caseward account already has your email address, so single sign-on cannot use it. Ask a Caseward administrator.',
  email: 'The sign-in provider did not give a valid, verified email address for you.',
  last_admin:
    'Your groups no longer make you an administrator, but you are the last one Caseward has, so you were not signed in. Ask for another administrator to be made first.',
  handoff:
    'The sign-in could not be completed: its one-time code was used already or has expired. Please sign in again.',
};

/** ssoErrorMessage words the short code a refused single sign-on came back with. */
export function ssoErrorMessage(code: string): string {
  return messages[code] ?? 'Single sign-on did not complete. Please try again.';
}

export function SingleSignOnError({ code }: { code: string | null }) {
  if (!code) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Single sign-on failed" role="alert">
      {ssoErrorMessage(code)}
    </Alert>
  );
}

/**
 * SingleSignOn is the sign-in page's part for it: what a refused single sign-on came back with, the
 * "Sign in with …" button, and, with passwords off, the link that shows the break-glass form.
 */
export function SingleSignOn(props: {
  methods: AuthMethods;
  returnTo: string;
  formShown: boolean;
  onShowForm: (shown: boolean) => void;
}) {
  const { methods, returnTo, formShown, onShowForm } = props;
  const error = new URLSearchParams(useLocation().search).get('sso_error');
  return (
    <>
      <SingleSignOnError code={error} />
      {methods.sso && <SingleSignOnButton name={methods.sso_name ?? 'single sign-on'} returnTo={returnTo} />}
      {methods.sso && formShown && <Divider label="or with a password" labelPosition="center" />}
      {!formShown && (
        <Anchor component="button" type="button" size="sm" onClick={() => onShowForm(true)}>
          Administrator sign-in
        </Anchor>
      )}
    </>
  );
}
