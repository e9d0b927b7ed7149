// The fields a second factor is typed into: the six digits an authenticator app shows (a phone offers
// its number pad and the code from a text or the app), and a recovery code. Their errors are announced.
import { TextInput, type TextInputProps } from '@mantine/core';

type Props = Omit<TextInputProps, 'label'> & { label?: string };

/** AppCodeInput is the "6-digit code" field. */
export function AppCodeInput({ label = '6-digit code', ...props }: Props) {
  return (
    <TextInput
      label={label}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={16}
      spellCheck={false}
      errorProps={{ role: 'alert' }}
      {...props}
    />
  );
}

/** RecoveryCodeInput is the field for one of the saved recovery codes. */
export function RecoveryCodeInput({ label = 'Recovery code', ...props }: Props) {
  return (
    <TextInput
      label={label}
      autoComplete="off"
      autoCapitalize="none"
      spellCheck={false}
      maxLength={64}
      errorProps={{ role: 'alert' }}
      ff="monospace"
      {...props}
    />
  );
}
