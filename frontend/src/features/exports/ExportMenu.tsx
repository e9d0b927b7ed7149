// "Export" on a case: a signed JSON bundle, CSV zip or PDF report, downloaded with progress,
// then the signature that proves the file unaltered and how to check it. TLP:RED observables
// are left out unless one of the "with TLP:RED" entries is chosen (the export's audit event says so).
import { Button, Menu, Modal, Text } from '@mantine/core';
import { IconChevronDown, IconFileExport } from '@tabler/icons-react';
import { useState } from 'react';

import { may } from '../../app/access';
import { useSignedInUser } from '../../app/auth';
import { CaseExportStatus } from './CaseExportStatus';
import { caseFormats, useCaseExport } from './useCaseExport';

/** ExportMenu offers a case's signed exports; it renders nothing for a role that may not export. */
export function ExportMenu({ caseId, reference }: { caseId: string; reference: string }) {
  const user = useSignedInUser();
  const exp = useCaseExport(caseId);
  const [opened, setOpened] = useState(false);
  if (!may(user.role, 'case.export')) return null;

  const close = () => {
    if (exp.busy) exp.cancel();
    setOpened(false);
  };

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconFileExport size={16} />}
            rightSection={<IconChevronDown size={14} />}
            loading={exp.busy}
          >
            Export
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Signed export of {reference}, TLP:RED observables left out</Menu.Label>
          {caseFormats.map((f) => (
            <Menu.Item
              key={f.format}
              onClick={() => {
                setOpened(true);
                exp.exportAs(f.format);
              }}
            >
              <Text size="sm">{f.label}</Text>
              <Text size="xs" c="dimmed">
                {f.description}
              </Text>
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Label>TLP:RED observables included (recorded in the audit log)</Menu.Label>
          {caseFormats.map((f) => (
            <Menu.Item
              key={`${f.format}-red`}
              onClick={() => {
                setOpened(true);
                exp.exportAs(f.format, true);
              }}
            >
              <Text size="sm">{f.label}, with TLP:RED</Text>
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={opened} onClose={close} title={`Export ${reference}`} size="lg" centered>
        <CaseExportStatus exp={exp} />
      </Modal>
    </>
  );
}
