// A flavor's readme, its Markdown renderer (react-markdown and its parsers) loaded only when a readme
// is shown, not with every page.
import { lazy, Suspense } from 'react';
import { Loading } from '../../shell/QueryState';

const MarkdownReadme = lazy(() =>
  import('./MarkdownReadme').then((module) => ({ default: module.MarkdownReadme })),
);

export function FlavorReadme({ readme, label }: { readme: string; label: string }) {
  return (
    <Suspense fallback={<Loading what="the readme" />}>
      <MarkdownReadme readme={readme} label={label} />
    </Suspense>
  );
}
