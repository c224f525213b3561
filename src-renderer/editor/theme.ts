import type { EditorThemeClasses } from 'lexical';

/** Class names for the note's blocks and text formats; styled in notes.css. */
export const NOTE_THEME: EditorThemeClasses = {
  paragraph: 'ne-p',
  heading: { h1: 'ne-h1', h2: 'ne-h2', h3: 'ne-h3', h4: 'ne-h4', h5: 'ne-h5', h6: 'ne-h6' },
  quote: 'ne-quote',
  list: {
    ul: 'ne-ul',
    ol: 'ne-ol',
    listitem: 'ne-li',
    nested: { listitem: 'ne-li-nested' },
  },
  link: 'ne-link',
  text: {
    bold: 'ne-bold',
    italic: 'ne-italic',
    underline: 'ne-underline',
    strikethrough: 'ne-strike',
    underlineStrikethrough: 'ne-underline-strike',
    code: 'ne-code',
    highlight: 'ne-mark',
    subscript: 'ne-sub',
    superscript: 'ne-sup',
  },
  table: 'ne-table',
  tableRow: 'ne-tr',
  tableCell: 'ne-td',
  tableCellHeader: 'ne-th',
  tableSelection: 'ne-table-selection',
  tableCellSelected: 'ne-cell-selected',
};
