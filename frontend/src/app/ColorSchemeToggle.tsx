// Light, dark, or the system's scheme: three radio buttons in the header, remembered per browser.
import {
  Center,
  SegmentedControl,
  Tooltip,
  useMantineColorScheme,
  VisuallyHidden,
  type MantineColorScheme,
} from '@mantine/core';
import { IconDeviceDesktop, IconMoon, IconSun, type Icon } from '@tabler/icons-react';

const choices: { value: MantineColorScheme; label: string; icon: Icon }[] = [
  { value: 'light', label: 'Light', icon: IconSun },
  { value: 'dark', label: 'Dark', icon: IconMoon },
  { value: 'auto', label: 'System', icon: IconDeviceDesktop },
];

function isScheme(value: string): value is MantineColorScheme {
  return value === 'light' || value === 'dark' || value === 'auto';
}

export function ColorSchemeToggle() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <SegmentedControl
      size="xs"
      aria-label="Colour scheme"
      value={colorScheme}
      onChange={(value) => {
        if (isScheme(value)) setColorScheme(value);
      }}
      data={choices.map(({ value, label, icon: ChoiceIcon }) => ({
        value,
        label: (
          <Tooltip label={label === 'System' ? 'Follow the system' : label} openDelay={400} withinPortal>
            <Center>
              <ChoiceIcon size={16} stroke={1.7} aria-hidden />
              <VisuallyHidden>{label === 'System' ? 'Follow the system' : `${label} scheme`}</VisuallyHidden>
            </Center>
          </Tooltip>
        ),
      }))}
    />
  );
}
