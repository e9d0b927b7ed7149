// New recovery codes: asked with a current code from the app, shown once; the earlier ones stop working.
import { Modal, Stack, Text } from '@mantine/core';

import { useSignedInUser } from '../../app/auth';
import { RecoveryCodesPanel } from '../../components/secondfactor/RecoveryCodesPanel';
import { AppCodeForm } from './AppCodeForm';
import { useRenewRecoveryCodes } from './secondFactorQueries';

export function RenewCodesDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const me = useSignedInUser();
  const renew = useRenewRecoveryCodes();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      onExitTransitionEnd={() => renew.reset()}
      closeOnClickOutside={!renew.data}
      title={renew.data ? 'Save your new recovery codes' : 'New recovery codes'}
      size="lg"
    >
      {renew.data ? (
        <RecoveryCodesPanel codes={renew.data} email={me.email} onSaved={onClose} />
      ) : (
        <Stack gap="sm">
          <Text size="sm">
            You get 10 new recovery codes, and the codes you have now stop working. To make sure it is you, enter the
            code your authenticator app shows now.
          </Text>
          <AppCodeForm sender={renew} submitLabel="Make new codes" onCancel={onClose} />
        </Stack>
      )}
    </Modal>
  );
}
