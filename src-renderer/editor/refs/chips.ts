import { entityTypeClass } from '../../components/EntityPicker';
import { refsStore } from './refsStore';

/*
 * Mentions and links are drawn with the DOM, not React: a long note holds a
 * thousand of them, and a React portal each costs more than the note itself
 * (React listens for every event type on each portal's container). The node's
 * createDOM draws the chip from what the refs store knows; RefChipsPlugin
 * redraws chips when the store learns more (a rename, a merge, a delete).
 */

interface Chip {
  className: string;
  href: string | null;
  text: string;
  title: string;
}

function apply(host: HTMLElement, chip: Chip): void {
  let a = host.firstElementChild as HTMLAnchorElement | null;
  if (!a) {
    a = document.createElement('a');
    a.draggable = false;
    host.append(a);
  }
  if (a.className !== chip.className) a.className = chip.className;
  if (chip.href === null) a.removeAttribute('href');
  else if (a.getAttribute('href') !== chip.href) a.setAttribute('href', chip.href);
  if (a.textContent !== chip.text) a.textContent = chip.text;
  if (a.title !== chip.title) a.title = chip.title;
}

const LOADING = (kind: string): Chip => ({
  className: `ref-chip ${kind} is-loading`,
  href: null,
  text: '…',
  title: '',
});

/** A mention: the entity's current name in its type's colour; opens the entity page. */
export function paintEntityChip(host: HTMLElement, entityId: number): void {
  const view = refsStore.get('entity', entityId);
  if (!view) {
    refsStore.request('entity', entityId);
    return apply(host, LOADING('mention'));
  }
  host.dataset.entityId = String(view.resolvedId);
  if (view.status === 'missing')
    return apply(host, {
      className: 'ref-chip mention entity-type-none is-missing',
      href: null,
      text: view.name,
      title: 'This entity no longer exists',
    });
  apply(host, {
    className: `ref-chip mention ${entityTypeClass(view.type)}${view.status === 'trashed' ? ' is-trashed' : ''}`,
    href: `#/entity/${view.resolvedId}`,
    text: view.name,
    title: view.status === 'trashed' ? `${view.type} · in the trash` : (view.type ?? ''),
  });
}

/** A link to a source, by its current title. */
export function paintSourceChip(host: HTMLElement, sourceId: number): void {
  const view = refsStore.get('source', sourceId);
  if (!view) {
    refsStore.request('source', sourceId);
    return apply(host, LOADING('ref-link'));
  }
  apply(
    host,
    view.status === 'missing'
      ? { className: 'ref-chip ref-link is-missing', href: null, text: view.title, title: '' }
      : {
          className: 'ref-chip ref-link ref-source',
          href: `#/source/${sourceId}`,
          text: view.title,
          title: 'Open the source',
        },
  );
}

/** A link to another note, by its current title. */
export function paintNoteChip(host: HTMLElement, noteId: number): void {
  const view = refsStore.get('note', noteId);
  if (!view) {
    refsStore.request('note', noteId);
    return apply(host, LOADING('ref-link'));
  }
  apply(
    host,
    view.status === 'missing'
      ? { className: 'ref-chip ref-link is-missing', href: null, text: view.title, title: '' }
      : {
          className: `ref-chip ref-link ref-note${view.status === 'trashed' ? ' is-trashed' : ''}`,
          href: `#/notes/${noteId}`,
          text: view.title || 'Untitled note',
          title: view.status === 'trashed' ? 'This note is in the trash' : 'Open the note',
        },
  );
}
