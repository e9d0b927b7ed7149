import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { SecondFactorStatus, TOTPEnrolment } from '../../api/types';
import { FakeServer, json, problem } from '../../test/fakeServer';
import { renderSignedIn, userWithRole } from '../../test/signedIn';

const me = userWithRole('responder', { name: 'Rita Responder', email: 'rita@example.org' });
const off: SecondFactorStatus = { totp_enrolled: false, enrolled_at: null, recovery_codes_left: 0, required: false };
const on: SecondFactorStatus = {
  totp_enrolled: true,
  enrolled_at: '2026-03-02T09:05:00Z',
  recovery_codes_left: 10,
  required: false,
};
const enrolment: TOTPEnrolment = {
  secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  otpauth_uri: 'otpauth://totp/Caseward:rita%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Caseward',
  expires_at: '2026-03-02T09:20:00Z',
};
const CODES = Array.from({ length: 10 }, (_, i) => `abc${i}-defg-hijk-lmno`);

function wrong(field: string, message: string) {
  return problem(422, 'Unprocessable Entity', { detail: 'not accepted', errors: [{ field, message }] });
}

async function section(server: FakeServer, user = me) {
  renderSignedIn('/account', server, user);
  const part = await screen.findByRole('region', { name: 'Two-step sign-in' });
  await within(part).findByTestId('second-factor-status');
  return { part, u: userEvent.setup() };
}

describe('two-step sign-in on the account page', () => {
  it('is set up with the QR code and a code from the app, and its recovery codes are shown once', async () => {
    let status = off;
    const server = new FakeServer()
      .on('GET /me/second-factor', () => json(200, status))
      .on('POST /me/second-factor/totp', () => json(200, enrolment))
      .on('POST /me/second-factor/totp/confirm', (c) => {
        if ((c.body as { code: string }).code !== '246810') return wrong('code', 'is not the code your app shows now');
        status = on;
        return json(200, { recovery_codes: CODES });
      });
    const { part, u } = await section(server);
    expect(part).toHaveTextContent('Each sign-in asks for your password alone.');

    await u.click(within(part).getByRole('button', { name: 'Set up' }));
    const dialog = await screen.findByRole('dialog', { name: 'Set up two-step sign-in' });
    expect(await within(dialog).findByRole('img', { name: /QR code/ })).toBeInTheDocument();
    expect(within(dialog).getByTestId('totp-secret')).toHaveTextContent('GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ');

    // A mistyped code is not sent; a wrong one is refused on its field.
    await u.type(within(dialog).getByLabelText('6-digit code'), '12');
    await u.click(within(dialog).getByRole('button', { name: 'Turn on' }));
    expect(within(dialog).getByLabelText('6-digit code')).toHaveAccessibleDescription(
      'The code is 6 digits, as your authenticator app shows it.',
    );
    expect(server.count('POST /me/second-factor/totp/confirm')).toBe(0);
    await u.clear(within(dialog).getByLabelText('6-digit code'));
    await u.type(within(dialog).getByLabelText('6-digit code'), '111111');
    await u.click(within(dialog).getByRole('button', { name: 'Turn on' }));
    await waitFor(() =>
      expect(within(dialog).getByLabelText('6-digit code')).toHaveAccessibleDescription(
        'The code is not the code your app shows now.',
      ),
    );

    await u.clear(within(dialog).getByLabelText('6-digit code'));
    await u.type(within(dialog).getByLabelText('6-digit code'), '246 810');
    await u.click(within(dialog).getByRole('button', { name: 'Turn on' }));

    const saved = await screen.findByRole('dialog', { name: 'Save your recovery codes' });
    expect(
      within(saved)
        .getAllByRole('listitem')
        .map((i) => i.textContent),
    ).toEqual(CODES);
    await u.click(within(saved).getByRole('button', { name: 'I have saved them' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await within(part).findByText(/^On since .*10 recovery codes left\.$/)).toBeInTheDocument();
    expect(within(part).getByRole('button', { name: 'Replace authenticator' })).toBeInTheDocument();
    expect(server.calls.filter((c) => c.path === '/me/second-factor/totp/confirm').map((c) => c.body)).toEqual([
      { code: '111111' },
      { code: '246810' },
    ]);
    expect(server.count('POST /me/second-factor/totp')).toBe(1);
  });

  it('offers to start again when the setup has expired', async () => {
    const server = new FakeServer()
      .on('GET /me/second-factor', () => json(200, off))
      .on('POST /me/second-factor/totp', () => json(200, enrolment))
      .on('POST /me/second-factor/totp/confirm', () =>
        problem(409, 'Conflict', { detail: 'No setup is waiting for a code.' }),
      );
    const { part, u } = await section(server);

    await u.click(within(part).getByRole('button', { name: 'Set up' }));
    const dialog = await screen.findByRole('dialog', { name: 'Set up two-step sign-in' });
    await u.type(await within(dialog).findByLabelText('6-digit code'), '123456');
    await u.click(within(dialog).getByRole('button', { name: 'Turn on' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent('This setup has ended');
    await u.click(within(dialog).getByRole('button', { name: 'Start again' }));
    expect(await within(dialog).findByLabelText('6-digit code')).toHaveValue('');
    expect(server.count('POST /me/second-factor/totp')).toBe(2);
  });

  it('warns when few recovery codes are left, and makes new ones with a current code', async () => {
    const server = new FakeServer()
      .on('GET /me/second-factor', () => json(200, { ...on, recovery_codes_left: 2 }))
      .on('POST /me/second-factor/recovery-codes', () => json(200, { recovery_codes: CODES }));
    const { part, u } = await section(server);

    expect(within(part).getByText('2 recovery codes left', { selector: '*' })).toBeInTheDocument();
    expect(part).toHaveTextContent('Make new recovery codes while you still have your phone');

    await u.click(within(part).getByRole('button', { name: 'New recovery codes' }));
    const dialog = await screen.findByRole('dialog', { name: 'New recovery codes' });
    await u.type(within(dialog).getByLabelText('6-digit code'), '135790');
    await u.click(within(dialog).getByRole('button', { name: 'Make new codes' }));

    const saved = await screen.findByRole('dialog', { name: 'Save your new recovery codes' });
    expect(within(saved).getByRole('list', { name: 'Recovery codes' })).toHaveTextContent(CODES[9] ?? '');
    expect(server.calls.find((c) => c.path === '/me/second-factor/recovery-codes')?.body).toEqual({
      code: '135790',
    });
  });

  it('is removed with the password, a wrong one shown on its field', async () => {
    let status = on;
    const server = new FakeServer()
      .on('GET /me/second-factor', () => json(200, status))
      .on('POST /me/second-factor/remove', (c) => {
        if ((c.body as { password: string }).password !== 'my password') {
          return wrong('password', 'Password is not the password you signed in with.');
        }
        status = off;
        return new Response(null, { status: 204 });
      });
    const { part, u } = await section(server);

    await u.click(within(part).getByRole('button', { name: 'Remove' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove two-step sign-in' });
    await u.type(within(dialog).getByLabelText(/^Your password/), 'not it');
    await u.click(within(dialog).getByRole('button', { name: 'Remove two-step sign-in' }));
    await waitFor(() =>
      expect(within(dialog).getByLabelText(/^Your password/)).toHaveAccessibleDescription(
        'Password is not the password you signed in with.',
      ),
    );

    await u.clear(within(dialog).getByLabelText(/^Your password/));
    await u.type(within(dialog).getByLabelText(/^Your password/), 'my password');
    await u.click(within(dialog).getByRole('button', { name: 'Remove two-step sign-in' }));

    expect(await within(part).findByText('Each sign-in asks for your password alone.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('cannot be removed while the role requires it, and says so', async () => {
    const server = new FakeServer().on('GET /me/second-factor', () => json(200, { ...on, required: true }));
    const { part } = await section(server);

    expect(within(part).getByText('Required for your role')).toBeInTheDocument();
    expect(within(part).queryByRole('button', { name: 'Remove' })).not.toBeInTheDocument();
    expect(part).toHaveTextContent('Your role requires two-step sign-in, so it cannot be removed.');
  });

  it('tells someone whose role requires it, without one yet, to set it up', async () => {
    const server = new FakeServer().on('GET /me/second-factor', () => json(200, { ...off, required: true }));
    const { part } = await section(server);

    expect(part).toHaveTextContent('Your role requires two-step sign-in');
    expect(within(part).getByRole('button', { name: 'Set up' })).toBeInTheDocument();
  });

  it('tells an auditor which roles must use it', async () => {
    const server = new FakeServer()
      .on('GET /me/second-factor', () => json(200, off))
      .on('GET /sign-in-policy', () =>
        json(200, { second_factor_roles: ['admin', 'responder'], updated_at: '2026-03-01T08:00:00Z' }),
      );
    const { part } = await section(server, userWithRole('auditor'));

    expect(await within(part).findByTestId('sign-in-policy')).toHaveTextContent(
      'Required for: Administrator, Responder.',
    );
  });
});
