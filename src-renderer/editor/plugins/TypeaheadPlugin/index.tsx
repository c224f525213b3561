import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { LexicalTypeaheadMenuPlugin, MenuOption } from '@lexical/react/LexicalTypeaheadMenuPlugin';
import { $createTextNode, $insertNodes, type LexicalNode, type TextNode } from 'lexical';
import { useCallback, useEffect, useRef, useState, type ReactElement } from 'react';
import { createPortal } from 'react-dom';
import type { Entity, EntityType } from '../../../../src-main/core/entities/types';
import type { LinkTargets } from '../../../../src-main/core/notes/types';
import { api } from '../../../api/client';
import { dayOf } from '../../../app/format';
import { ENTITY_TYPE_ORDER, entityTypeClass } from '../../../components/EntityPicker';
import { $createEntityMentionNode } from '../../nodes/EntityMentionNode';
import { $createNoteLinkNode } from '../../nodes/NoteLinkNode';
import { $createSourceLinkNode } from '../../nodes/SourceLinkNode';
import { matchTrigger } from './trigger';

type Choice =
  | { kind: 'entity'; entity: Entity }
  | { kind: 'create'; name: string; type: EntityType }
  | { kind: 'source'; sourceId: number; title: string; publishedAt: string | null }
  | { kind: 'note'; noteId: number; title: string };

class RefOption extends MenuOption {
  constructor(
    key: string,
    readonly choice: Choice,
  ) {
    super(key);
  }
}

const LOOKUP_LIMIT = 8;
const LINK_LIMIT = 5;

/** The typeahead for mentions and links, with "Create new entity…". */
export function TypeaheadPlugin(): ReactElement {
  const [editor] = useLexicalComposerContext();
  const [query, setQuery] = useState<string | null>(null);
  const [trigger, setTrigger] = useState<'@' | '[['>('@');
  const [entities, setEntities] = useState<Entity[]>([]);
  const [targets, setTargets] = useState<LinkTargets>({ sources: [], notes: [] });

  useEffect(() => {
    if (query === null) return;
    let live = true;
    const q = query.trim();
    const timer = setTimeout(() => {
      if (q)
        api['entities.lookup']({ query: q, limit: LOOKUP_LIMIT }).then(
          (found) => live && setEntities(found),
          () => live && setEntities([]),
        );
      else setEntities([]);
      if (trigger === '[[')
        api['notes.linkTargets']({ query: q, limit: LINK_LIMIT }).then(
          (found) => live && setTargets(found),
          () => live && setTargets({ sources: [], notes: [] }),
        );
      else setTargets({ sources: [], notes: [] });
    }, 40);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, trigger]);

  const q = (query ?? '').trim();
  const options: RefOption[] = [
    ...entities.map((entity) => new RefOption(`e${entity.entityId}`, { kind: 'entity', entity })),
    ...targets.sources.map((s) => new RefOption(`s${s.sourceId}`, { kind: 'source', ...s })),
    ...targets.notes.map((n) => new RefOption(`n${n.noteId}`, { kind: 'note', noteId: n.noteId, title: n.title })),
    ...(q ? ENTITY_TYPE_ORDER.map((type) => new RefOption(`c${type}`, { kind: 'create', name: q, type })) : []),
  ];

  const triggerFn = useCallback((text: string) => {
    const match = matchTrigger(text);
    if (match) setTrigger(match.trigger);
    return match;
  }, []);

  /** Runs inside the menu's editor update. */
  const $onSelect = useCallback(
    (option: RefOption, nodeToReplace: TextNode | null, closeMenu: () => void) => {
      const { choice } = option;
      if (choice.kind === 'create') {
        nodeToReplace?.remove();
        closeMenu();
        api['entities.create']({ type: choice.type, name: choice.name }).then(
          (entity) =>
            editor.update(() => {
              $insertNodes([$createEntityMentionNode(entity.entityId), $createTextNode(' ')]);
            }),
          () => undefined,
        );
        return;
      }
      let node: LexicalNode;
      if (choice.kind === 'entity') node = $createEntityMentionNode(choice.entity.entityId);
      else if (choice.kind === 'source') node = $createSourceLinkNode(choice.sourceId);
      else node = $createNoteLinkNode(choice.noteId);
      const space = $createTextNode(' ');
      if (nodeToReplace) {
        nodeToReplace.replace(node);
        node.insertAfter(space);
      } else $insertNodes([node, space]);
      space.select(1, 1);
      closeMenu();
    },
    [editor],
  );

  return (
    <LexicalTypeaheadMenuPlugin<RefOption>
      onQueryChange={setQuery}
      onSelectOption={$onSelect}
      triggerFn={triggerFn}
      options={options}
      menuRenderFn={(anchor, { selectedIndex, selectOptionAndCleanUp, setHighlightedIndex }) =>
        anchor.current && (query !== null || options.length > 0)
          ? createPortal(
              <Menu
                options={options}
                trigger={trigger}
                query={q}
                selectedIndex={selectedIndex}
                onPick={selectOptionAndCleanUp}
                onHover={setHighlightedIndex}
              />,
              anchor.current,
            )
          : null
      }
    />
  );
}

function Menu({
  options,
  trigger,
  query,
  selectedIndex,
  onPick,
  onHover,
}: {
  options: RefOption[];
  trigger: '@' | '[[';
  query: string;
  selectedIndex: number | null;
  onPick(option: RefOption): void;
  onHover(index: number): void;
}): ReactElement {
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const item = (option: RefOption, index: number, label: ReactElement, className = ''): ReactElement => (
    <li
      key={option.key}
      ref={(el) => option.setRefElement(el)}
      role="option"
      id={`typeahead-item-${index}`}
      aria-selected={selectedIndex === index}
      className={`typeahead-item ${className}${selectedIndex === index ? ' is-selected' : ''}`}
      onMouseMove={(e) => {
        // Only a pointer that moved highlights: the menu opening under a resting pointer must not.
        const last = pointer.current;
        pointer.current = { x: e.clientX, y: e.clientY };
        if (last && (last.x !== e.clientX || last.y !== e.clientY)) onHover(index);
      }}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => onPick(option)}
    >
      {label}
    </li>
  );
  const rows: ReactElement[] = [];
  const creates: ReactElement[] = [];
  let group: string | null = null;
  options.forEach((option, index) => {
    const { choice } = option;
    const heading = { entity: 'Entities', source: 'Sources', note: 'Notes', create: null }[choice.kind];
    if (heading && heading !== group) {
      group = heading;
      rows.push(
        <li key={`h-${heading}`} className="typeahead-heading" role="presentation">
          {heading}
        </li>,
      );
    }
    switch (choice.kind) {
      case 'entity':
        rows.push(
          item(
            option,
            index,
            <>
              <span className={`entity-dot ${entityTypeClass(choice.entity.type)}`} aria-hidden="true" />
              <span className="typeahead-label">{choice.entity.name}</span>
              {choice.entity.aliases.length > 0 && (
                <span className="typeahead-meta">{choice.entity.aliases.slice(0, 2).join(', ')}</span>
              )}
            </>,
          ),
        );
        break;
      case 'source':
        rows.push(
          item(
            option,
            index,
            <>
              <span className="typeahead-label">{choice.title}</span>
              <span className="typeahead-meta">{dayOf(choice.publishedAt)}</span>
            </>,
          ),
        );
        break;
      case 'note':
        rows.push(item(option, index, <span className="typeahead-label">{choice.title || 'Untitled note'}</span>));
        break;
      case 'create':
        creates.push(
          item(
            option,
            index,
            <span className={`entity-badge ${entityTypeClass(choice.type)}`}>{choice.type}</span>,
            'typeahead-create',
          ),
        );
        break;
    }
  });
  return (
    <div className="typeahead" data-testid="typeahead">
      <ul role="listbox" aria-label={trigger === '@' ? 'Mention an entity' : 'Link an entity, source or note'}>
        {rows}
        {rows.length === 0 && (
          <li className="typeahead-empty" role="presentation">
            {query ? 'No match.' : trigger === '@' ? 'Type a name or alias…' : 'Type a title or a name…'}
          </li>
        )}
      </ul>
      {creates.length > 0 && (
        <div className="typeahead-create-row">
          <span className="typeahead-create-label">Create new entity “{query}” as</span>
          <ul role="listbox" aria-label="Create new entity">
            {creates}
          </ul>
        </div>
      )}
    </div>
  );
}
