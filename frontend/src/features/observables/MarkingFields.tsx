// The markings every observable form asks for: TLP and PAP (each with what the chosen label allows), the
// indicator-of-compromise box and the tags. The form passes each field's input props.
import { Checkbox, Select, SimpleGrid, Stack, TagsInput } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';

import { papMeaning, papOptions, tlpMeaning, tlpOptions } from './labels';
import type { PAP, TLP } from './types';

interface Props {
  tlp: GetInputPropsReturnType;
  pap: GetInputPropsReturnType;
  ioc: GetInputPropsReturnType;
  tags: GetInputPropsReturnType;
  /** Words after "Tags" in the tags field's help. */
  tagsHelp?: string;
}

export function MarkingFields({ tlp, pap, ioc, tags, tagsHelp }: Props) {
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <Select
          label="TLP"
          data={tlpOptions}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          description={`Sharing: ${tlpMeaning[tlp.value as TLP] ?? ''}`}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          {...tlp}
        />
        <Select
          label="PAP"
          data={papOptions}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          description={`Actions: ${papMeaning[pap.value as PAP] ?? ''}`}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          {...pap}
        />
      </SimpleGrid>
      <Checkbox
        label="Indicator of compromise"
        description="A sign of the attack itself, not only something seen in the case."
        {...ioc}
      />
      <TagsInput
        label="Tags"
        description={`Up to 20; press Enter or type a comma after each.${tagsHelp ? ` ${tagsHelp}` : ''}`}
        maxTags={20}
        maxLength={64}
        clearable
        comboboxProps={{ withinPortal: true }}
        {...tags}
      />
    </Stack>
  );
}
