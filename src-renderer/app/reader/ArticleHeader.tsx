import type { ReactElement, ReactNode, Ref } from 'react';
import type { SourceDetail } from '../../../src-main/core/sources/types';
import { Icon } from '../../components/Icon';
import { routeHref } from '../route';
import { dateTimeOf, dayOf, kindLabel, languageName } from '../format';

export interface ArticleHeaderProps {
  source: SourceDetail;
  headingRef: Ref<HTMLHeadingElement>;
}

/** The source's title (the page's h1), its metadata and provenance, and its near-duplicate flag. */
export function ArticleHeader({ source, headingRef }: ArticleHeaderProps): ReactElement {
  // Both are set to the same instant at import; only a correction moves updatedAt.
  const edited = source.updatedAt !== source.importedAt;
  const meta: [string, ReactNode][] = [
    ['Published', source.publishedAt ? dayOf(source.publishedAt) : null],
    ['Byline', source.byline],
    [
      'URL',
      source.url ? (
        <a href={source.url} target="_blank" rel="noreferrer noopener">
          {source.url}
        </a>
      ) : null,
    ],
    ['Language', source.lang ? <span title={`ISO 639-1: ${source.lang}`}>{languageName(source.lang)}</span> : null],
    ['Kind', kindLabel(source.kind)],
    ['File', source.fileName],
    ['Extractor', source.extractor],
    ['Imported', dateTimeOf(source.importedAt)],
    ['Edited', edited ? dateTimeOf(source.updatedAt) : null],
  ];
  return (
    <header className="reader-header">
      <h1 className="reader-title" ref={headingRef} tabIndex={-1} lang={source.lang ?? undefined}>
        {source.title}
      </h1>
      {source.nearDuplicateOf && (
        <p className="reader-flag" data-testid="reader-near-duplicate">
          <Icon name="flag" size={14} />
          <span>
            Possible duplicate of{' '}
            <a href={routeHref({ name: 'source', sourceId: source.nearDuplicateOf.sourceId })}>
              {source.nearDuplicateOf.title}
            </a>
          </span>
        </p>
      )}
      <dl className="reader-meta">
        {meta
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <div key={label} className={`meta-item meta-${label.toLowerCase()}`}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
    </header>
  );
}
