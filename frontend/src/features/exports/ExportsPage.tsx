// Exports: the auditor's screen for taking away signed case histories and the audit log, and the keys to check them.
import { Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';

import { PageHeader } from '../../components/PageHeader';
import { AuditExportSection } from './AuditExportSection';
import { CaseExportSection } from './CaseExportSection';
import { CheckFileSection } from './CheckFileSection';
import { ExportKeysSection } from './ExportKeysSection';

export function ExportsPage() {
  useDocumentTitle('Exports · Caseward');
  return (
    <Stack gap="lg">
      <PageHeader
        title="Exports"
        description="Signed exports you can prove were not altered: a case's whole history, or the audit log for a range; and a check for a file you received. Every export is itself recorded in the audit log."
      />
      <CaseExportSection />
      <AuditExportSection />
      <CheckFileSection />
      <ExportKeysSection />
    </Stack>
  );
}
