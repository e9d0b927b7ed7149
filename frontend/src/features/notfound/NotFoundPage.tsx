// Unknown client routes: say so, show the path, and offer the way home.
import { Button, Center, Code, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  useDocumentTitle('Page not found · Caseward');
  const { pathname } = useLocation();
  return (
    <Center py={80}>
      <Stack align="center" gap="sm" maw={480} ta="center">
        <Text fz={64} fw={800} c="indigo.5" lh={1} aria-hidden>
          404
        </Text>
        <Title order={1} fz="h2">
          Page not found
        </Title>
        <Text c="dimmed">
          There is no page at <Code>{pathname}</Code>. It may have moved, or the link may be mistyped.
        </Text>
        <Button component={Link} to="/" leftSection={<IconArrowLeft size={16} />} mt="sm">
          Back to the overview
        </Button>
      </Stack>
    </Center>
  );
}
