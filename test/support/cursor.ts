// The cursor marker of the feature tests, in process (test/service) and over stdio (test/lsp). ⟨|⟩ is
// a character nginx configurations do not use, while `$` and `|` are nginx syntax.

export const MARKER = "⟨|⟩";

/** The text with the one cursor marker removed, and the marker's offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf(MARKER);
  if (offset < 0) throw new Error(`no ${MARKER} marker in the text`);
  if (marked.includes(MARKER, offset + 1)) throw new Error(`more than one ${MARKER} marker in the text`);
  return { text: marked.slice(0, offset) + marked.slice(offset + MARKER.length), offset };
}
