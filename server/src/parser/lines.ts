// Converts between offsets (what the engine uses) and 0-based line / UTF-16 character positions (what
// LSP and the command line show). Lines end at LF, CRLF or a lone CR, as LSP defines them (nginx
// counts LFs only; the two differ only for a lone CR, which editors show as a line break).

/** A position as LSP defines it: 0-based line, 0-based UTF-16 character. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/**
 * The offset where the line holding `offset` starts (after the LF, CR or CRLF before it). It scans
 * back only over that one line: searching the whole text for each kind of line break would run to
 * the start of the file whenever that kind does not occur, once per call.
 */
export function lineStartOf(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}

/** Line starts of one text, computed once, for offset <-> position conversion. */
export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    const length = text.length;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The position of an offset; offsets past the end are clamped to the end of the text. */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] as number) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - (this.starts[low] as number) };
  }

  /** The offset of a position; characters past a line's end are clamped to that line's end. */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line] as number;
    let lineEnd =
      position.line + 1 < this.starts.length ? (this.starts[position.line + 1] as number) : this.text.length;
    // Exclude the line break itself (LF, CRLF or CR).
    if (lineEnd > start && this.text.charCodeAt(lineEnd - 1) === 10) lineEnd--;
    if (lineEnd > start && this.text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    return Math.min(start + Math.max(0, position.character), lineEnd);
  }

  /** The offset where a line starts. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))] as number;
  }
}

/**
 * The line ending a text uses, judged by its first line break: text inserted into it (a fix's new
 * lines) must end its lines the same way, or a CRLF file gets mixed endings.
 */
export function lineEndingOf(text: string): "\r\n" | "\n" {
  const lf = text.indexOf("\n");
  return lf > 0 && text.charCodeAt(lf - 1) === 13 ? "\r\n" : "\n";
}

/** `newText` with its bare LFs ended as `ending` (fixes are written with LF). */
export function withLineEnding(newText: string, ending: "\r\n" | "\n"): string {
  return ending === "\n" || !newText.includes("\n") ? newText : newText.replace(/\r?\n/g, "\r\n");
}

const indexesOfTexts = new WeakMap<object, LineIndex>();

/**
 * The 1-based line of an offset in a text held by `owner` (a parsed file), as messages name lines.
 * The index is built once per owner: a message per finding must not walk its file each time.
 */
export function lineNumberAt(owner: { readonly text: string }, offset: number): number {
  let index = indexesOfTexts.get(owner);
  if (!index) indexesOfTexts.set(owner, (index = new LineIndex(owner.text)));
  return index.positionAt(offset).line + 1;
}

/** Line indexes of several texts by name (a file's path), each computed once, when first asked for. */
export class LineIndexes {
  private readonly indexes = new Map<string, LineIndex>();
  constructor(private readonly textOf: (file: string) => string) {}

  index(file: string): LineIndex {
    let index = this.indexes.get(file);
    if (!index) {
      const text = this.textOf(file);
      index = new LineIndex(text);
      this.indexes.set(file, index);
      this.read(file, text);
    }
    return index;
  }

  /** Called with each text as it is read, for subclasses that keep more of it than its lines. */
  protected read(file: string, text: string): void {
    void file;
    void text;
  }
}
