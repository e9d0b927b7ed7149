// Putting a new TOTP secret into an authenticator app: its otpauth:// URI as a QR code to scan (on a
// white tile in either colour scheme, as scanners expect), and the secret in groups of four, with a
// copy button, for an app that cannot scan.
import { Code, Group, Paper, Stack, Text } from '@mantine/core';
import { QRCodeSVG } from 'qrcode.react';

import type { TOTPEnrolment } from '../../api/types';
import { CopyIconButton } from '../CopyIconButton';
import { groupSecret } from './codes';

export function AuthenticatorSetup({ enrolment }: { enrolment: TOTPEnrolment }) {
  const grouped = groupSecret(enrolment.secret);
  return (
    <Stack gap="sm">
      <Text size="sm">
        <b>1.</b> Open the authenticator app on your phone (any app that shows 6-digit codes) and scan this QR code.
      </Text>
      <Paper
        withBorder
        radius="md"
        p={6}
        bg="#fff"
        style={{ alignSelf: 'center', lineHeight: 0 }}
        data-testid="totp-qr"
      >
        <QRCodeSVG
          value={enrolment.otpauth_uri}
          size={176}
          marginSize={2}
          bgColor="#ffffff"
          fgColor="#000000"
          role="img"
          aria-label="QR code for your authenticator app. If you cannot scan it, type the key shown below."
        />
      </Paper>
      <Text size="sm">Cannot scan it? Choose to enter a key in the app, and type this one (time-based):</Text>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code
          fz="md"
          px="sm"
          py={6}
          data-testid="totp-secret"
          aria-label={`Key: ${grouped}`}
          style={{ flex: 1, minWidth: 0, letterSpacing: '0.05em', wordSpacing: '0.2em', overflowWrap: 'anywhere' }}
        >
          {grouped}
        </Code>
        <CopyIconButton value={enrolment.secret} label="Copy the key" />
      </Group>
    </Stack>
  );
}
