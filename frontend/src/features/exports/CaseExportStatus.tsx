// Where a case export stands: downloading, refused, or saved with its signature and how to check it.
import { Alert, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';

import { ApiError, errorMessage } from '../../api/problem';
import { ExportProgress } from './ExportProgress';
import { formatBytes } from './progress';
import { SignatureDetails } from './SignatureDetails';
import { formatLabel, type CaseExport } from './useCaseExport';
import { VerifyHint } from './VerifyHint';

function failure(error: unknown): string {
  if (error instanceof ApiError && error.status === 404) return 'The case was not found, or you may not see it.';
  if (error instanceof ApiError && error.status === 403) return 'Exports are not available for your role.';
  return errorMessage(error);
}

export function CaseExportStatus({ exp }: { exp: CaseExport }) {
  const { state } = exp;
  if (state.status === 'idle') return null;
  if (state.status === 'downloading') {
    return <ExportProgress what={formatLabel(state.kind)} progress={state.progress} onCancel={exp.cancel} />;
  }
  if (state.status === 'failed') {
    return (
      <Alert
        color="red"
        variant="light"
        icon={<IconAlertCircle />}
        title={`Could not export the ${formatLabel(state.kind)}`}
        role="alert"
      >
        {failure(state.error)}
      </Alert>
    );
  }
  const { file } = state;
  return (
    <Stack gap="sm" data-testid="export-result">
      <Alert color="teal" variant="light" icon={<IconCircleCheck />} title="Export saved" role="status">
        <Text size="sm">
          {file.fileName} ({formatBytes(file.blob.size)})
          {file.companion ? ` and ${file.companion.fileName} are` : ' is'} in your downloads.
        </Text>
        {file.withheld > 0 && (
          <Text size="sm">
            {file.withheld === 1 ? '1 TLP:RED observable was' : `${file.withheld} TLP:RED observables were`} left out.
          </Text>
        )}
        {file.includeRed && (
          <Text size="sm">
            TLP:RED observables are included: share the file with its named recipients only. The audit log records this
            export.
          </Text>
        )}
      </Alert>
      {file.signature ? (
        <>
          <SignatureDetails signature={file.signature} sigFileName={file.companion?.fileName ?? null} />
          <VerifyHint format={file.format} fileName={file.fileName} />
        </>
      ) : (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle />} title="This export cannot be verified">
          {file.signatureProblem}
        </Alert>
      )}
    </Stack>
  );
}
