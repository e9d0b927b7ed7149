// Light, dark, or the system's scheme: three toggle buttons in the header, remembered per browser.
// Plain buttons rather than a SegmentedControl, whose sliding indicator measures the page as it mounts
// and so forced an extra layout into every page load (docs/performance.md).
import { ActionIcon, Tooltip, useMantineColorScheme, type MantineColorScheme } from '@mantine/core';
import { IconDeviceDesktop, IconMoon, IconSun, type Icon } from '@tabler/icons-react';

const choices: { value: MantineColorScheme; label: string; icon: Icon }[] = [
  { value: 'light', label: 'Light scheme', icon: IconSun },
  { value: 'dark', label: 'Dark scheme', icon: IconMoon },
  { value: 'auto', label: 'Follow the system', icon: IconDeviceDesktop },
];

export function ColorSchemeToggle() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <ActionIcon.Group role="group" aria-label="Colour scheme">
      {choices.map(({ value, label, icon: ChoiceIcon }) => {
        const chosen = colorScheme === value;
        return (
          <Tooltip key={value} label={label} openDelay={400}>
            <ActionIcon
              variant={chosen ? 'filled' : 'default'}
              size="md"
              aria-label={label}
              aria-pressed={chosen}
              onClick={() => setColorScheme(value)}
            >
              <ChoiceIcon size={16} stroke={1.7} aria-hidden />
            </ActionIcon>
          </Tooltip>
        );
      })}
    </ActionIcon.Group>
  );
}
