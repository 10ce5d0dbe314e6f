// Random editing sessions, shared by the load test (which checks the server's answers) and the
// language-server bench (which times them): a deterministic sequence, so every run replays the same
// edits, of small insertions and deletions at random places, as typing does to a file.

/** A deterministic pseudo-random sequence in [0, 1) (xorshift). */
export function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** What gets typed: single characters that change the structure, and whole words and statements. */
const PIECES = [
  "a",
  " ",
  ";",
  "\n",
  "$",
  "{",
  "}",
  '"',
  "#",
  "proxy_pass",
  "location /x {",
  "}",
  "upgrade",
  "1.1",
];

export interface Edit {
  /** The LSP range replaced (0-based line and character). */
  readonly range: {
    readonly start: { readonly line: number; readonly character: number };
    readonly end: { readonly line: number; readonly character: number };
  };
  readonly insert: string;
  /** The whole text after the edit. */
  readonly text: string;
}

/** One random edit of `text`: mostly typing, sometimes deleting one character. */
export function randomEdit(text: string, next: () => number): Edit {
  const lines = text.split("\n");
  const line = Math.floor(next() * lines.length);
  const lineText = lines[line] ?? "";
  const character = Math.floor(next() * (lineText.length + 1));
  const deleting = next() < 0.3 && character > 0;
  const insert = deleting ? "" : (PIECES[Math.floor(next() * PIECES.length)] as string);
  const range = deleting
    ? { start: { line, character: character - 1 }, end: { line, character } }
    : { start: { line, character }, end: { line, character } };
  let offset = 0;
  for (let i = 0; i < line; i++) offset += (lines[i] as string).length + 1;
  return {
    range,
    insert,
    text: text.slice(0, offset + range.start.character) + insert + text.slice(offset + range.end.character),
  };
}

/** The value below which `p` percent of the sorted values fall. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
