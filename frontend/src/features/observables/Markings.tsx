// An observable's marks: its TLP and PAP labels as FIRST draws them (the label in its colour on black, with
// the words, so colour is never the only sign) and the mark of an indicator of compromise.
import { Badge, VisuallyHidden, type BadgeProps } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { CSSProperties } from 'react';

import { markingColor, markingLabel } from './labels';
import type { PAP, TLP } from './types';

type Props = Omit<BadgeProps, 'color' | 'children' | 'variant'>;

function Marking({ kind, level, ...props }: { kind: 'TLP' | 'PAP'; level: TLP | PAP } & Props) {
  const color = markingColor[level];
  const style = { '--badge-bg': '#000', '--badge-color': color, '--badge-bd': `1px solid ${color}` } as CSSProperties;
  return (
    <Badge variant="filled" radius="sm" tt="none" ff="monospace" style={style} data-marking={kind} {...props}>
      {markingLabel(kind, level)}
    </Badge>
  );
}

export const TlpBadge = ({ tlp, ...props }: { tlp: TLP } & Props) => <Marking kind="TLP" level={tlp} {...props} />;

export const PapBadge = ({ pap, ...props }: { pap: PAP } & Props) => <Marking kind="PAP" level={pap} {...props} />;

/** IocBadge marks an indicator of compromise; screen readers hear the words, not the abbreviation. */
export function IocBadge(props: Props) {
  return (
    <Badge color="red" variant="light" radius="sm" leftSection={<IconAlertTriangle size={12} />} {...props}>
      <span aria-hidden="true">IOC</span>
      <VisuallyHidden>Indicator of compromise</VisuallyHidden>
    </Badge>
  );
}
