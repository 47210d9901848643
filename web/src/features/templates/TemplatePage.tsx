// Placeholder until this feature's page is built.
import { Title } from '@mantine/core';

export function TemplatePage() {
  return (
    <Title order={1} size="h3">
      TemplatePage
    </Title>
  );
}
