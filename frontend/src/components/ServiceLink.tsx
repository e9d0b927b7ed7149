// A service's name that opens its page (history, downtime, availability).
import { Anchor, type AnchorProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

interface Props extends AnchorProps {
  serviceId: string;
  children: ReactNode;
}

export function ServiceLink({ serviceId, children, ...rest }: Props) {
  return (
    <Anchor component={Link} to={`/services/${serviceId}`} {...rest}>
      {children}
    </Anchor>
  );
}
