import type { DossierModel } from './model';

/**
 * The dossier as data, for other tools: the content as blocks that keep the
 * notebook's entity, passage and source ids, each quote with its passage's
 * offsets into the source's canonical text and the citation check's verdict.
 */
export function renderJson(model: DossierModel): string {
  return (
    JSON.stringify(
      {
        format: 'casebook-dossier',
        version: 1,
        exportedOn: model.exportedOn,
        dossier: model.dossier,
        content: model.blocks,
        citations: model.citations.map((c) => ({
          n: c.n,
          passageId: c.passageId,
          sourceId: c.source?.sourceId ?? null,
          exact: c.exact,
          start: c.start,
          end: c.end,
          page: c.page,
          paragraph: c.paragraph,
          check: c.status,
          found: c.found,
        })),
        sources: model.sources,
        entities: model.entities,
      },
      null,
      2,
    ) + '\n'
  );
}
