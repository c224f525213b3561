import { Fragment, useMemo, type ReactElement } from 'react';
import type { SourceDetail } from '../../../src-main/core/sources/types';
import { layoutItems } from './layout';

/** The canonical text as headings and paragraphs, with a quiet marker where each PDF page begins. */
export function ArticleText({ source }: { source: SourceDetail }): ReactElement {
  const { text, title, layout } = source;
  const items = useMemo(() => layoutItems({ text, title, layout }), [text, title, layout]);
  return (
    <div className="reader-text" data-testid="reader-text" lang={source.lang ?? undefined}>
      {items.map((item) => {
        switch (item.type) {
          case 'page':
            return (
              <div key={item.key} className="page-marker" role="separator" aria-label={`Page ${item.page}`}>
                <span>Page {item.page}</span>
              </div>
            );
          case 'heading': {
            const Heading = `h${item.level}` as const;
            return (
              <Heading key={item.key} className="reader-heading">
                {item.text}
              </Heading>
            );
          }
          default:
            return (
              <p key={item.key}>
                {item.lines.map((line, j) => (
                  <Fragment key={j}>
                    {j > 0 && <br />}
                    {line}
                  </Fragment>
                ))}
              </p>
            );
        }
      })}
    </div>
  );
}
