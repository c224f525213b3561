/** What the text before the caret asks for; the shape Lexical's typeahead menu expects, plus the trigger. */
export interface TriggerMatch {
  trigger: '@' | '[[';
  leadOffset: number;
  matchingString: string;
  replaceableString: string;
}

/**
 * `@name` mentions an entity; `[[title` mentions an entity or links a source
 * or a note. The query runs to the caret and may hold single spaces (names
 * do); `@` must start a word, so an address or "@ 5pm" opens nothing.
 */
export function matchTrigger(text: string): TriggerMatch | null {
  const m = /(^|[\s([{"'“‘])(@|\[\[)([^\s@[\]](?:[^\s@[\]]| (?! )){0,59})?$/u.exec(text);
  if (!m) return null;
  const query = m[3] ?? '';
  const trigger = m[2] as '@' | '[[';
  return {
    trigger,
    leadOffset: m.index + m[1]!.length,
    matchingString: query,
    replaceableString: trigger + query,
  };
}
