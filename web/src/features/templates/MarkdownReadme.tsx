// A flavor's readme, rendered from Markdown with HTML left out (a catalogue is imported text; no raw
// HTML from it reaches the page). Code blocks and tables scroll inside the readme on a narrow screen.
import { Typography } from '@mantine/core';
import Markdown, { type Components } from 'react-markdown';

const components: Components = {
  pre: ({ node: _node, ...props }) => <pre {...props} style={{ overflowX: 'auto' }} />,
  table: ({ node: _node, ...props }) => (
    <div style={{ overflowX: 'auto' }}>
      <table {...props} />
    </div>
  ),
};

export function MarkdownReadme({ readme, label }: { readme: string; label: string }) {
  return (
    <Typography>
      <section aria-label={label} style={{ overflowWrap: 'anywhere' }}>
        <Markdown skipHtml components={components}>
          {readme}
        </Markdown>
      </section>
    </Typography>
  );
}
