import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { REFRESH_TOKEN_KEY } from '../../api/session';
import type { TOTPEnrolment } from '../../api/types';
import { challenge, FakeServer, json, problem, testUser, tokens } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';

const CODES = [
  'abcd-efgh-ijkl-mnop',
  'qrst-uvwx-yz23-4567',
  'aaaa-bbbb-cccc-dddd',
  'eeee-ffff-gggg-hhhh',
  'iiii-jjjj-kkkk-llll',
  'mmmm-nnnn-oooo-pppp',
  'qqqq-rrrr-ssss-tttt',
  'uuuu-vvvv-wwww-xxxx',
  'yyyy-zzzz-2222-3333',
  '4444-5555-6666-7777',
];

const enrolment: TOTPEnrolment = {
  secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  otpauth_uri: 'otpauth://totp/Caseward:ada%40example.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Caseward',
  expires_at: '2026-03-02T09:10:00Z',
};

function wrongCode(field: 'code' | 'recovery_code', message: string) {
  return problem(422, 'Unprocessable Entity', {
    detail: 'the second factor was not accepted',
    errors: [{ field, message }],
  });
}

async function password(server: FakeServer, path = '/login') {
  const view = renderApp(path, server);
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText('Email'), 'ada@example.org');
  await user.type(screen.getByLabelText('Password'), 'correct horse battery');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  return { ...view, user };
}

describe('signing in with a code from the authenticator app', () => {
  it('asks for the code after the password, then opens the page first asked for', async () => {
    const server = new FakeServer()
      .on('POST /auth/login', () => json(202, challenge()))
      .on('POST /auth/second-factor', () => json(200, tokens(1)))
      .on('GET /me', () => json(200, testUser));
    const { user, router, api } = await password(server, '/cases');

    expect(await screen.findByRole('heading', { name: 'Two-step sign-in' })).toBeInTheDocument();
    expect(screen.getByText('Enter the 6-digit code from your authenticator app.')).toBeInTheDocument();
    const code = screen.getByLabelText('6-digit code');
    expect(code).toHaveFocus();
    expect(code).toHaveAttribute('inputmode', 'numeric');
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    expect(api.session.currentUser()).toBeNull();

    await user.type(code, '123 456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/cases'));
    expect(server.calls.find((c) => c.path === '/auth/second-factor')?.body).toEqual({
      challenge: 'code-challenge',
      code: '123456',
    });
    expect(await screen.findByTestId('user-name')).toHaveTextContent('Ada Lovelace');
  });

  it('shows a wrong code on its field, announced, and stays on the step', async () => {
    const server = new FakeServer()
      .on('POST /auth/login', () => json(202, challenge()))
      .on('POST /auth/second-factor', () => wrongCode('code', 'is not the code your app shows now'));
    const { user, api } = await password(server);

    await user.type(await screen.findByLabelText('6-digit code'), '654321');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    const code = screen.getByLabelText('6-digit code');
    await waitFor(() => expect(code).toHaveAttribute('aria-invalid', 'true'));
    expect(code).toHaveAccessibleDescription('The code is not the code your app shows now.');
    expect(screen.getByRole('alert')).toHaveTextContent('The code is not the code your app shows now.');
    expect(api.session.currentUser()).toBeNull();
  });

  it('checks the code has six digits without asking the server', async () => {
    const server = new FakeServer().on('POST /auth/login', () => json(202, challenge()));
    const { user } = await password(server);

    await user.type(await screen.findByLabelText('6-digit code'), '1234');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    expect(screen.getByLabelText('6-digit code')).toHaveAccessibleDescription(
      'The code is 6 digits, as your authenticator app shows it.',
    );
    expect(server.count('POST /auth/second-factor')).toBe(0);
  });

  it('signs in with a recovery code instead', async () => {
    const server = new FakeServer()
      .on('POST /auth/login', () => json(202, challenge()))
      .on('POST /auth/second-factor', (c) =>
        (c.body as { recovery_code?: string }).recovery_code === 'ABCD-EFGH-IJKL-MNOP'
          ? json(200, tokens(1))
          : wrongCode('recovery_code', 'is not one of your unused recovery codes'),
      )
      .on('GET /me', () => json(200, testUser));
    const { user, router } = await password(server);

    await user.click(await screen.findByRole('button', { name: 'Use a recovery code instead' }));
    const field = screen.getByLabelText('Recovery code');
    expect(field).toHaveFocus();
    await user.type(field, 'wxyz-wxyz-wxyz-wxyz');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    await waitFor(() =>
      expect(field).toHaveAccessibleDescription('The recovery code is not one of your unused recovery codes.'),
    );

    await user.clear(field);
    await user.type(field, ' ABCD-EFGH-IJKL-MNOP ');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(server.calls.filter((c) => c.path === '/auth/second-factor').map((c) => c.body)).toEqual([
      { challenge: 'code-challenge', recovery_code: 'wxyz-wxyz-wxyz-wxyz' },
      { challenge: 'code-challenge', recovery_code: 'ABCD-EFGH-IJKL-MNOP' },
    ]);
  });

  it('goes back to the password when the sign-in has expired', async () => {
    const server = new FakeServer()
      .on('POST /auth/login', () => json(202, challenge()))
      .on('POST /auth/second-factor', () => problem(401, 'Unauthorized', { detail: 'the sign-in has expired' }));
    const { user } = await password(server);

    await user.type(await screen.findByLabelText('6-digit code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Your sign-in expired');
    expect(screen.getByLabelText('Email')).toHaveValue('ada@example.org');
    expect(screen.getByLabelText('Password')).toHaveValue('');
    expect(screen.getByLabelText('Password')).toHaveFocus();
  });

  it('counts down when the code step is throttled', async () => {
    const server = new FakeServer()
      .on('POST /auth/login', () => json(202, challenge()))
      .on('POST /auth/second-factor', () => problem(429, 'Too Many Requests', {}, { 'Retry-After': '90' }));
    const { user } = await password(server);

    await user.type(await screen.findByLabelText('6-digit code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many sign-in attempts');
    expect(alert).toHaveTextContent(/Try again in 1 min (30|29) s/);
    expect(screen.getByRole('button', { name: 'Verify' })).toBeDisabled();
  });

  it('Back starts over with the password', async () => {
    const server = new FakeServer().on('POST /auth/login', () => json(202, challenge()));
    const { user } = await password(server);

    await user.click(await screen.findByRole('button', { name: 'Back' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveValue('ada@example.org');
  });
});

describe('setting up two-step sign-in while signing in, when the role requires it', () => {
  function enrolServer() {
    return new FakeServer()
      .on('POST /auth/login', () => json(202, challenge(true)))
      .on('POST /auth/second-factor/enrolment', () => json(200, enrolment))
      .on('POST /auth/second-factor', (c) =>
        (c.body as { code?: string }).code === '123456'
          ? json(200, { ...tokens(1), recovery_codes: CODES })
          : wrongCode('code', 'is not the code your app shows now'),
      )
      .on('GET /me', () => json(200, testUser));
  }

  it('explains, shows the QR code and the key, then the recovery codes once, and opens the app only after they are saved', async () => {
    const server = enrolServer();
    const { user, router, api } = await password(server);

    expect(await screen.findByRole('heading', { name: 'Set up two-step sign-in' })).toBeInTheDocument();
    expect(screen.getByText(/Your organisation requires two-step sign-in for your role/)).toBeInTheDocument();
    expect(await screen.findByRole('img', { name: /QR code for your authenticator app/ })).toBeInTheDocument();
    expect(screen.getByTestId('totp-secret')).toHaveTextContent('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(screen.getByRole('button', { name: 'Copy the key' })).toBeInTheDocument();
    expect(server.calls.filter((c) => c.path === '/auth/second-factor/enrolment').map((c) => c.body)).toEqual([
      { challenge: 'enrol-challenge' },
    ]);

    await user.type(screen.getByLabelText('6-digit code'), '000000');
    await user.click(screen.getByRole('button', { name: 'Turn on and sign in' }));
    await waitFor(() =>
      expect(screen.getByLabelText('6-digit code')).toHaveAccessibleDescription(
        'The code is not the code your app shows now.',
      ),
    );

    await user.clear(screen.getByLabelText('6-digit code'));
    await user.type(screen.getByLabelText('6-digit code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Turn on and sign in' }));

    expect(await screen.findByRole('heading', { name: 'Save your recovery codes' })).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Recovery codes' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((i) => i.textContent),
    ).toEqual(CODES);
    expect(screen.getByRole('button', { name: 'Download as text' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy the codes' })).toBeInTheDocument();
    // Not signed in yet: the codes come first.
    expect(api.session.currentUser()).toBeNull();
    expect(router.state.location.pathname).toBe('/login');

    await user.click(screen.getByRole('button', { name: 'I have saved them' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(await screen.findByTestId('user-name')).toHaveTextContent('Ada Lovelace');
    expect(api.session.refreshToken()).toBe('refresh-1');
    expect(screen.queryByText(CODES[0] ?? '')).not.toBeInTheDocument();
  });

  it('starts over with the password when the setup is refused as expired', async () => {
    const server = enrolServer().on('POST /auth/second-factor/enrolment', () =>
      problem(401, 'Unauthorized', { detail: 'the sign-in has expired' }),
    );
    const { api } = await password(server);

    expect(await screen.findByRole('alert')).toHaveTextContent('Your sign-in expired');
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(window.localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(api.session.currentUser()).toBeNull();
  });
});
