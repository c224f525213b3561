import type { ReactElement } from 'react';
import { Icon } from '../components/Icon';
import type { Section } from './route';

type Planned = Exclude<Section, 'library'>;

const PLANNED: Record<Planned, { title: string; text: string }> = {
  entities: {
    title: 'Entities',
    text: 'People, organizations, places and events you link to passages will be listed here, each with the passages that support it.',
  },
  notes: {
    title: 'Notes',
    text: 'Your notes will live here, with mentions of entities and quotations that point back to the exact passage.',
  },
  dossiers: {
    title: 'Dossiers',
    text: 'Dossiers assembled from notes and passages, ready to export to PDF with citations, will be listed here.',
  },
  search: {
    title: 'Search',
    text: 'Full-text search across sources, notes and entities will be here.',
  },
};

/** A section that arrives in a later version: says so plainly, shows no made-up content. */
export function PlannedView({ section }: { section: Planned }): ReactElement {
  const { title, text } = PLANNED[section];
  return (
    <div className="view">
      <header className="view-header">
        <h1 className="view-title">{title}</h1>
      </header>
      <div className="planned">
        <Icon name={section} size={28} />
        <p className="planned-text">{text}</p>
        <p className="planned-note">Not available in this version yet.</p>
      </div>
    </div>
  );
}
