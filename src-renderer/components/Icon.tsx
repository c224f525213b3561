import type { ReactElement } from 'react';

export type IconName =
  | 'library'
  | 'entities'
  | 'notes'
  | 'dossiers'
  | 'search'
  | 'upload'
  | 'back'
  | 'close'
  | 'doc'
  | 'history'
  | 'edit'
  | 'download'
  | 'flag'
  | 'plus'
  | 'merge'
  | 'trash';

/** Stroke paths on a 24×24 grid, drawn in the current text colour. */
const PATHS: Record<IconName, string[]> = {
  library: ['M4 4h4v16H4z', 'M10 4h4v16h-4z', 'M16.5 5.2l3.8-1 3 14.6-3.8 1z'],
  entities: [
    'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z',
    'M2.5 20c.6-3.6 3.2-6 6.5-6s5.9 2.4 6.5 6',
    'M16 4.3a3.5 3.5 0 0 1 0 6.4',
    'M18 14.3c2 .8 3.2 2.9 3.5 5.7',
  ],
  notes: ['M5 3h10l4 4v14H5z', 'M15 3v4h4', 'M8.5 12h7', 'M8.5 16h5'],
  dossiers: ['M3 6.5h7l2 2h9V19H3z', 'M3 6.5V5h6.5l1.5 1.5'],
  search: ['M10.5 17a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13z', 'M15.5 15.5L21 21'],
  upload: ['M12 16V4', 'M7 9l5-5 5 5', 'M4 16v4h16v-4'],
  back: ['M15 5l-7 7 7 7'],
  close: ['M6 6l12 12', 'M18 6L6 18'],
  doc: ['M6 3h8l4 4v14H6z', 'M14 3v4h4', 'M9 12h6', 'M9 16h6'],
  history: ['M3.5 12a8.5 8.5 0 1 0 2.5-6', 'M3 4v4h4', 'M12 7.5V12l3 2'],
  edit: ['M4 20h4L19 9l-4-4L4 16z', 'M13.5 6.5l4 4'],
  download: ['M12 4v12', 'M7 11l5 5 5-5', 'M4 20h16'],
  flag: ['M5 21V4', 'M5 4h11l-2 4 2 4H5'],
  plus: ['M12 5v14', 'M5 12h14'],
  merge: ['M6 4v4c0 3 2 4 6 6 4-2 6-3 6-6V4', 'M12 14v6'],
  trash: ['M4 7h16', 'M9 7V4h6v3', 'M6 7l1 13h10l1-13', 'M10 11v6', 'M14 11v6'],
};

export function Icon({ name, size = 18 }: { name: IconName; size?: number }): ReactElement {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.6}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
