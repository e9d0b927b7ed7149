// Where single sign-on lands: trades the one-time code in the URL's fragment for a session, then
// goes where the person was going. The fragment never reaches a server, and is wiped at once.
import { useDocumentTitle } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { Navigate, useLocation } from 'react-router';

import { useApi } from '../../api/context';
import { FullPageLoader } from '../../components/FullPageState';
import { safeReturnPath } from './LoginPage';

const refused = '/login?sso_error=handoff';

export function SsoHandoffPage() {
  useDocumentTitle('Signing in · Caseward');
  const api = useApi();
  const { hash } = useLocation();
  // Read once: the fragment is wiped from the address bar below.
  const [handoff] = useState(() => {
    const params = new URLSearchParams(hash.replace(/^#/, ''));
    return { code: params.get('code'), returnTo: safeReturnPath(params.get('return_to') ?? '/') };
  });
  const [done, setDone] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    window.history.replaceState(window.history.state, '', window.location.pathname);
    if (!handoff.code || started.current) return; // the code is spent on first use: exchange it once
    started.current = true;
    api.exchangeSingleSignOn(handoff.code).then(
      () => setDone(handoff.returnTo),
      () => setDone(refused),
    );
  }, [api, handoff]);

  if (!handoff.code) return <Navigate to={refused} replace />;
  if (done) return <Navigate to={done} replace />;
  return <FullPageLoader label="Signing you in…" />;
}
