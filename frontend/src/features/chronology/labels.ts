// The words and marks of each kind of chronology entry: the same words the PDF report prints.
import {
  IconBugOff,
  IconDots,
  IconGavel,
  IconRadar2,
  IconRefresh,
  IconShieldLock,
  IconSpeakerphone,
  type Icon,
} from '@tabler/icons-react';

import type { ChronologyKind } from './types';

/** chronologyKinds in the order a response usually runs. */
export const chronologyKinds: readonly ChronologyKind[] = [
  'detection',
  'containment',
  'eradication',
  'recovery',
  'communication',
  'decision',
  'other',
];

export const kindInfo: Record<ChronologyKind, { label: string; color: string; icon: Icon }> = {
  detection: { label: 'Detection', color: 'red', icon: IconRadar2 },
  containment: { label: 'Containment', color: 'orange', icon: IconShieldLock },
  eradication: { label: 'Eradication', color: 'grape', icon: IconBugOff },
  recovery: { label: 'Recovery', color: 'teal', icon: IconRefresh },
  communication: { label: 'Communication', color: 'blue', icon: IconSpeakerphone },
  decision: { label: 'Decision', color: 'indigo', icon: IconGavel },
  other: { label: 'Other', color: 'gray', icon: IconDots },
};
