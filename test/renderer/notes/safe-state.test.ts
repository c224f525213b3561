import { describe, expect, it } from 'vitest';
import { safeEditorState } from '../../../src-renderer/editor/safeState';

const text = (t: string, style?: string) => ({
  type: 'text',
  text: t,
  version: 1,
  format: 0,
  ...(style ? { style } : {}),
});
const link = (url: string, children: object[], extra: object = {}) => ({
  type: 'link',
  url,
  version: 1,
  children,
  ...extra,
});
const paragraph = (children: object[]) => ({ type: 'paragraph', version: 1, children });
const state = (children: object[]) => JSON.stringify({ root: { type: 'root', version: 1, children } });
const rootOf = (json: string) =>
  (JSON.parse(json) as { root: { children: Array<{ children?: unknown[]; tag?: string; type: string }> } }).root;

describe('safeEditorState', () => {
  it('unwraps links the app would not follow, keeping their words', () => {
    const out = rootOf(
      safeEditorState(
        state([
          paragraph([
            text('before '),
            link("javascript:void(window.__pwned='x')", [text('script link')]),
            link('data:text/html,<script>alert(1)</script>', [text('data link')]),
            { type: 'autolink', url: 'file:///etc/passwd', version: 1, children: [text('file link')] },
            link('vbscript:msgbox(1)', [text('vb link')]),
          ]),
        ]),
      ),
    );
    expect(out.children[0]!.children).toEqual([
      text('before '),
      text('script link'),
      text('data link'),
      text('file link'),
      text('vb link'),
    ]);
  });

  it('keeps web, mail and in-app links, without a target of their own', () => {
    const out = rootOf(
      safeEditorState(
        state([
          paragraph([
            link('https://example.org/a', [text('web')], { target: '_top', rel: 'opener' }),
            link('mailto:desk@example.org', [text('mail')]),
            link('#/source/3', [text('source')]),
          ]),
        ]),
      ),
    );
    expect(out.children[0]!.children).toEqual([
      link('https://example.org/a', [text('web')], { target: null, rel: 'opener' }),
      link('mailto:desk@example.org', [text('mail')], { target: null }),
      link('#/source/3', [text('source')], { target: null }),
    ]);
  });

  it('drops inline styles, which Lexical would put on the page as they are', () => {
    const out = rootOf(
      safeEditorState(state([paragraph([text('pixel', 'background-image:url(https://attacker.example/p.png)')])])),
    );
    expect(out.children[0]!.children).toEqual([{ ...text('pixel'), style: '' }]);
  });

  it('allows only h1 to h6 as a heading tag', () => {
    for (const tag of ['script', 'iframe', 'img', 'H1 onload=x', 7]) {
      const out = rootOf(safeEditorState(state([{ type: 'heading', tag, version: 1, children: [text('x')] }])));
      expect(out.children[0]!.tag, String(tag)).toBe('h1');
    }
    const h3 = rootOf(safeEditorState(state([{ type: 'heading', tag: 'h3', version: 1, children: [] }])));
    expect(h3.children[0]!.tag).toBe('h3');
  });

  it('drops table rows without cells and tables without rows, which would stop the editor', () => {
    const cell = { type: 'tablecell', version: 1, headerState: 0, children: [paragraph([text('cell')])] };
    const out = rootOf(
      safeEditorState(
        state([
          { type: 'table', version: 1, children: [{ type: 'tablerow', version: 1, children: [] }] },
          {
            type: 'table',
            version: 1,
            children: [
              { type: 'tablerow', version: 1, children: [cell] },
              { type: 'tablerow', version: 1, children: [paragraph([text('not a cell')])] },
            ],
          },
          paragraph([text('after')]),
        ]),
      ),
    );
    expect(out.children.map((c) => c.type)).toEqual(['table', 'paragraph']);
    expect(out.children[0]!.children).toEqual([{ type: 'tablerow', version: 1, children: [cell] }]);
  });

  it('leaves a safe note exactly as it was, and what is not a note to Lexical', () => {
    const safe = state([paragraph([text('Just text '), link('https://example.org/', [text('and a link')])])]);
    expect(JSON.parse(safeEditorState(safe))).toEqual(
      JSON.parse(
        state([paragraph([text('Just text '), link('https://example.org/', [text('and a link')], { target: null })])]),
      ),
    );
    expect(safeEditorState('not json')).toBe('not json');
    expect(safeEditorState('[1,2]')).toBe('[1,2]');
  });
});
