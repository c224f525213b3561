import type { ReactElement } from 'react';
import { routeHref, type Section } from '../app/route';
import { Icon } from './Icon';

const ITEMS: { section: Section; label: string }[] = [
  { section: 'library', label: 'Library' },
  { section: 'entities', label: 'Entities' },
  { section: 'notes', label: 'Notes' },
  { section: 'dossiers', label: 'Dossiers' },
  { section: 'search', label: 'Search' },
];

export interface SidebarProps {
  current: Section;
  sourceCount: number | null;
  notebookFile: string | null;
  /** Opens the notebook's Backups (issue 8). */
  onBackups?: () => void;
}

const baseName = (file: string): string => file.split(/[\\/]/).pop() ?? file;

export function Sidebar({ current, sourceCount, notebookFile, onBackups }: SidebarProps): ReactElement {
  return (
    <aside className="sidebar">
      <div className="sidebar-brand">
        <span className="brand-mark" aria-hidden="true">
          C
        </span>
        <span className="brand-name">Casebook</span>
      </div>
      <nav aria-label="Sections">
        <ul className="nav-list">
          {ITEMS.map(({ section, label }) => (
            <li key={section}>
              <a
                className="nav-link"
                href={routeHref({ name: section })}
                aria-current={section === current ? 'page' : undefined}
              >
                <Icon name={section} />
                <span className="nav-label">{label}</span>
                {section === 'library' && sourceCount !== null && sourceCount > 0 && (
                  <span className="nav-count">
                    {sourceCount.toLocaleString()}
                    <span className="visually-hidden"> sources</span>
                  </span>
                )}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {notebookFile && (
        <div className="sidebar-footer" title={notebookFile}>
          <span className="sidebar-footer-label">Notebook</span>
          <span className="sidebar-footer-file">{baseName(notebookFile)}</span>
          {onBackups && (
            <button
              type="button"
              className="button button-quiet button-small sidebar-footer-action"
              onClick={onBackups}
            >
              <Icon name="history" size={14} />
              Backups…
            </button>
          )}
        </div>
      )}
    </aside>
  );
}
