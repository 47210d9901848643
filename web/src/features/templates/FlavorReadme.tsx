// A flavor's readme, rendered from Markdown with HTML left out (a catalogue is imported text; no raw
// HTML from it reaches the page).
import { Typography } from '@mantine/core';
import Markdown from 'react-markdown';

export function FlavorReadme({ readme, label }: { readme: string; label: string }) {
  return (
    <Typography>
      <section aria-label={label} style={{ overflowWrap: 'anywhere' }}>
        <Markdown skipHtml>{readme}</Markdown>
      </section>
    </Typography>
  );
}
