import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';

/** Brand is the product mark: a shield and the name. */
export function Brand({ size = 'lg' }: { size?: 'lg' | 'xl' }) {
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={size === 'xl' ? 40 : 32} radius="md" variant="filled" aria-hidden>
        <IconShieldCheck size={size === 'xl' ? 24 : 20} stroke={1.8} />
      </ThemeIcon>
      <Text fw={700} fz={size === 'xl' ? 26 : 20} lh={1} style={{ letterSpacing: '-0.01em' }}>
        Caseward
      </Text>
    </Group>
  );
}
