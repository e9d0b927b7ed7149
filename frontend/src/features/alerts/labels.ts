// The words and colours of the alert queue.
import type { AlertSeverity, AlertStatus } from './types';

export const alertStatuses: readonly AlertStatus[] = ['new', 'imported', 'ignored'];

export const statusLabel: Record<AlertStatus, string> = { new: 'New', imported: 'Imported', ignored: 'Ignored' };

export const alertSeverityInfo: Record<AlertSeverity, { label: string; color: string }> = {
  info: { label: 'Info', color: 'blue' },
  low: { label: 'Low', color: 'gray' },
  medium: { label: 'Medium', color: 'yellow' },
  high: { label: 'High', color: 'orange' },
  critical: { label: 'Critical', color: 'red' },
};
