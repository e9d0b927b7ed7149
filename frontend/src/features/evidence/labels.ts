// What the evidence screens call each kind of item and each custody action, and their colours.
import type { CustodyAction, EvidenceKind } from './types';

interface Label {
  label: string;
  color: string;
}

export const kindInfo: Record<EvidenceKind, Label> = {
  log: { label: 'Log', color: 'blue' },
  disk_image: { label: 'Disk image', color: 'grape' },
  memory_dump: { label: 'Memory dump', color: 'violet' },
  network_capture: { label: 'Network capture', color: 'cyan' },
  email: { label: 'Email', color: 'orange' },
  screenshot: { label: 'Screenshot', color: 'pink' },
  document: { label: 'Document', color: 'teal' },
  other: { label: 'Other', color: 'gray' },
};

/** The kinds in the order the upload form offers them. */
export const kinds = Object.keys(kindInfo) as EvidenceKind[];

export const actionInfo: Record<CustodyAction, Label> = {
  collected: { label: 'Collected', color: 'blue' },
  transferred: { label: 'Transferred', color: 'violet' },
  accessed: { label: 'Accessed', color: 'gray' },
  analysed: { label: 'Analysed', color: 'cyan' },
  verified: { label: 'Verified', color: 'teal' },
  exported: { label: 'Exported', color: 'orange' },
  returned: { label: 'Returned', color: 'green' },
  disposed: { label: 'Disposed', color: 'red' },
  integrity_failure: { label: 'Integrity failure', color: 'red' },
};

/**
 * The actions a person records; `collected`, `verified` and the `accessed` of a download
 * are written by Caseward itself (a person may still record an access outside Caseward).
 */
export const recordableActions: CustodyAction[] = [
  'transferred',
  'accessed',
  'analysed',
  'exported',
  'returned',
  'disposed',
];
