// Exporting one case in a chosen format: the download, its progress, and what signs it.
import { useApi } from '../../api/context';
import { downloadCaseExport, type CaseExportFile, type CaseExportFormat } from './api';
import { useDownload } from './useDownload';

export const caseFormats: { format: CaseExportFormat; label: string; description: string }[] = [
  { format: 'json', label: 'JSON bundle', description: 'Everything, machine-readable, signature inside' },
  { format: 'csv', label: 'CSV (zip)', description: 'One spreadsheet per record type' },
  { format: 'pdf', label: 'PDF report', description: 'A readable report with page numbers' },
];

export const formatLabel = (format: CaseExportFormat) => caseFormats.find((f) => f.format === format)?.label ?? format;

/** useCaseExport downloads signed exports of the case caseId; one at a time. */
export function useCaseExport(caseId: string) {
  const { client } = useApi();
  const download = useDownload<CaseExportFile, CaseExportFormat>();
  /** exportAs downloads the case as format; TLP:RED observables only with includeRed (audited). */
  const exportAs = (format: CaseExportFormat, includeRed = false) =>
    download.start(format, (onProgress, signal) =>
      downloadCaseExport(client, caseId, format, onProgress, signal, includeRed),
    );
  return { ...download, exportAs };
}

export type CaseExport = ReturnType<typeof useCaseExport>;
