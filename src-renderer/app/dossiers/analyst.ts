const KEY = 'casebook.analyst';

/** The analyst's name as last typed in a dossier: new dossiers start with it. */
export function lastAnalyst(): string {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function rememberAnalyst(name: string): void {
  try {
    if (name.trim()) localStorage.setItem(KEY, name.trim());
  } catch {
    // Without storage the next dossier starts with an empty analyst field.
  }
}
