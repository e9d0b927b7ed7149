// A sign-in step's heading (the page's one h1) and what the step asks for. A step that does not put
// the cursor in a field moves focus here, so that a screen reader reads the new step from its start.
import { Text, Title } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';

export const TITLE_ID = 'login-title';

export function StepHeading({
  title,
  children,
  focus = false,
}: {
  title: string;
  children?: ReactNode;
  focus?: boolean;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <div>
      <Title order={1} id={TITLE_ID} fz="h3" ref={ref} tabIndex={focus ? -1 : undefined} style={{ outline: 'none' }}>
        {title}
      </Title>
      {children ? (
        <Text c="dimmed" size="sm" mt={4}>
          {children}
        </Text>
      ) : null}
    </div>
  );
}
