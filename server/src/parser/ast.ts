// The syntax tree of one nginx configuration file. Every node keeps exact source offsets (UTF-16 code
// units into the file text); line/character positions are computed only at the LSP and CLI edges.

/** How an argument was written: bare, or in double or single quotes. */
export type Quote = '"' | "'" | null;

/**
 * One argument (or the name) of a directive, exactly as nginx's tokenizer splits it. How it was
 * quoted is not stored (see `quoteOf`): a large file has hundreds of thousands of words, and each
 * field is megabytes that the garbage collector copies.
 */
export interface Word {
  /** Offset of the first character, including an opening quote. */
  readonly start: number;
  /** Offset just past the last character, including a closing quote. */
  readonly end: number;
  /** The value nginx sees: quotes removed and `\"`, `\'`, `\\`, `\t`, `\r`, `\n` unescaped. */
  readonly value: string;
}

/** How a word was written, given the text of its file: nginx reads any token that starts with a quote as quoted. */
export function quoteOf(word: Word, text: string): Quote {
  const c = text.charCodeAt(word.start);
  return c === 34 ? '"' : c === 39 ? "'" : null;
}

/** A `{ ... }` body. `close` is undefined when the file ended before its `}`. */
export interface Block {
  readonly open: number;
  close: number | undefined;
  children: readonly Directive[];
}

/** A body nginx does not parse as directives (for example a `*_by_lua_block`): kept as raw text. */
export interface RawBlock {
  readonly open: number;
  readonly close: number | undefined;
}

/** A statement: a name, its arguments, and either a terminating `;` or a block. */
export interface Directive {
  readonly name: Word;
  args: readonly Word[];
  /** Offset of the terminating `;`, or undefined when the statement has a block or lacks its `;`. */
  semicolon: number | undefined;
  block: Block | undefined;
  raw: RawBlock | undefined;
  /** Offset just past the statement: its `;`, its block's `}`, or its last token when it is cut short. */
  end: number;
}

/** A `# ...` comment (offsets of the `#` and the end of the line). */
export interface Comment {
  readonly start: number;
  readonly end: number;
}

/** Parser error codes; each is also the diagnostic code users see. */
export const SYNTAX_ERROR_CODES = [
  "missing-semicolon",
  "unclosed-block",
  "unexpected-closing-brace",
  "unterminated-string",
  "unexpected-token",
  "nesting-too-deep",
] as const;

export type SyntaxErrorCode = (typeof SYNTAX_ERROR_CODES)[number];

/** A syntax error found while parsing, with the offsets it covers. */
export interface SyntaxError {
  readonly code: SyntaxErrorCode;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  /** A second place that explains the error (for example the block that was never closed). */
  readonly related?: { readonly start: number; readonly end: number; readonly message: string };
  /**
   * For a `missing-semicolon` found because a directive name started a new line (rather than a `}` or
   * the end of the file): the statement's directive name. nginx itself may accept the merged statement.
   */
  readonly assumedFor?: string;
  /** For a `missing-semicolon`: where the `;` belongs (just after the statement's last word). */
  readonly insertAt?: number;
}

/** The result of parsing one file: never thrown away, even when there are errors. */
export interface ParsedFile {
  readonly text: string;
  readonly directives: Directive[];
  readonly comments: Comment[];
  readonly errors: SyntaxError[];
}
