// An error-tolerant nginx configuration parser. It splits text into tokens exactly as nginx's
// ngx_conf_read_token() does (so a `}` inside a bare word is text, `#` starts a comment only at the
// start of a token, `${` does not open a block), builds the statement tree, and on bad input records
// an error and recovers at the next `;`, `{` or `}` instead of stopping like nginx does.

import {
  quoteOf,
  type Block,
  type Comment,
  type Directive,
  type ParsedFile,
  type SyntaxError,
  type SyntaxErrorCode,
  type Word,
} from "./ast";

/** Options that let the caller (who knows nginx's directives) sharpen error recovery. */
export interface ParseOptions {
  /**
   * Asked when a bare word starts a new line inside an unterminated statement: true when the word is
   * surely a directive of its own, so the previous statement is reported as missing its `;`.
   * `enclosing` is the name of the block the statement is in ("" at the top level).
   */
  readonly startsStatement?: (word: string, enclosing: string) => boolean;
}

const enum Ch {
  Tab = 9,
  LF = 10,
  CR = 13,
  Space = 32,
  DoubleQuote = 34,
  Hash = 35,
  Dollar = 36,
  SingleQuote = 39,
  CloseParen = 41,
  Minus = 45,
  Semicolon = 59,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  OpenBrace = 123,
  CloseBrace = 125,
  Equals = 61,
  Zero = 48,
  Nine = 57,
}

const enum Tok {
  Word,
  Semicolon,
  Open,
  Close,
  EOF,
}

/** Block names whose bodies nginx reads as raw text (Lua code): braces inside are not structure. */
export function isRawBlockDirective(name: string): boolean {
  return name.endsWith("_by_lua_block") || name === "lua_block";
}

function isSpace(c: number): boolean {
  return c <= Ch.Space && (c === Ch.Space || c === Ch.Tab || c === Ch.LF || c === Ch.CR);
}

/** Applies nginx's unescaping of a token's characters (the same for quoted and bare words). */
function unescape(text: string, from: number, to: number): string {
  // Search only inside the word: a search to the end of a large file for each word is quadratic.
  let slash = -1;
  for (let k = from; k < to; k++) {
    if (text.charCodeAt(k) === Ch.Backslash) {
      slash = k;
      break;
    }
  }
  if (slash === -1) return text.slice(from, to);
  let out = "";
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === Ch.Backslash && i + 1 < to) {
      const n = text[i + 1];
      if (n === '"' || n === "'" || n === "\\") {
        out += n;
        i += 2;
        continue;
      }
      if (n === "t" || n === "r" || n === "n") {
        out += n === "t" ? "\t" : n === "r" ? "\r" : "\n";
        i += 2;
        continue;
      }
    }
    out += text[i];
    i++;
  }
  return out;
}

/** The deepest block nesting that is parsed into a tree (nginx's own configs nest under ten). */
export const MAX_DEPTH = 200;

/** The shared (never written) argument list of statements without arguments. */
const NO_WORDS: Word[] = [];

/** The shared (never written) statement list of empty blocks. */
const NO_DIRECTIVES: Directive[] = [];

class Parser {
  private pos = 0;
  /** The current token, kept in fields rather than allocated: a large file has millions of them. */
  private tokKind: Tok = Tok.EOF;
  private tokStart = 0;
  private tokEnd = 0;
  private tokWord: Word | undefined;
  /** True when a line break (or a comment) stands between the previous token and the current one. */
  private tokNewline = false;
  /** Set to hand the current token out once more (one token of push-back). */
  private replay = false;
  /** End offset of the previous token, to tell whether the next one starts on a new line. */
  private lastTokenEnd = 0;
  /** Start of the last string that was never closed: its statement's missing `;` is not news. */
  private unterminatedAt = -1;
  private readonly scratch: Word[][] = [];
  private readonly bodies: Directive[][] = [];
  /** How many blocks enclose the statement being parsed. */
  private depth = 0;
  /** The last split-on-a-new-line error, until the statement split off is parsed. */
  private assumedIndex: number | undefined;
  private readonly interned = new Map<string, string>();
  readonly comments: Comment[] = [];
  readonly errors: SyntaxError[] = [];

  constructor(
    private readonly text: string,
    private readonly options: ParseOptions,
  ) {}

  private error(
    code: SyntaxErrorCode,
    message: string,
    start: number,
    end: number,
    related?: SyntaxError["related"],
  ): void {
    const previous = this.errors[this.errors.length - 1];
    // Recovery can trip over the same spot twice; one error per offset is enough.
    if (previous && previous.start === start && previous.code === code) return;
    this.errors.push(related ? { code, message, start, end, related } : { code, message, start, end });
  }

  /** Interns short words so a million `proxy_set_header` lines share one string. */
  private intern(value: string): string {
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    this.interned.set(value, value);
    return value;
  }

  private next(): Tok {
    if (this.replay) {
      this.replay = false;
      return this.tokKind;
    }
    const kind = this.scan();
    if (kind !== Tok.EOF) this.lastTokenEnd = this.tokEnd;
    return kind;
  }

  private token(kind: Tok, start: number, end: number, word?: Word): Tok {
    this.tokKind = kind;
    this.tokStart = start;
    this.tokEnd = end;
    this.tokWord = word;
    return kind;
  }

  private scan(): Tok {
    const text = this.text;
    const length = text.length;
    let i = this.pos;
    this.tokNewline = false;
    for (;;) {
      for (; i < length; i++) {
        const c = text.charCodeAt(i);
        if (c === Ch.LF) this.tokNewline = true;
        else if (c !== Ch.Space && c !== Ch.Tab && c !== Ch.CR) break;
      }
      if (i >= length) {
        this.pos = length;
        return this.token(Tok.EOF, length, length);
      }
      const c = text.charCodeAt(i);
      if (c === Ch.Hash) {
        let eol = text.indexOf("\n", i);
        if (eol === -1) eol = length;
        let end = eol;
        if (end > i && text.charCodeAt(end - 1) === Ch.CR) end--;
        this.comments.push({ start: i, end });
        i = eol;
        continue;
      }
      if (c === Ch.Semicolon) return this.simple(Tok.Semicolon, i);
      if (c === Ch.OpenBrace) return this.simple(Tok.Open, i);
      if (c === Ch.CloseBrace) return this.simple(Tok.Close, i);
      if (c === Ch.DoubleQuote || c === Ch.SingleQuote) return this.quoted(i, c);
      return this.bare(i);
    }
  }

  private simple(kind: Tok, at: number): Tok {
    this.pos = at + 1;
    return this.token(kind, at, at + 1);
  }

  /** A bare word ends at white space, `;` or a `{` that does not follow `$`; `\` escapes one character. */
  private bare(start: number): Tok {
    const text = this.text;
    const length = text.length;
    let i = start;
    let afterDollar = false;
    let escaped = false;
    let digits = false;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === Ch.Backslash) {
        i += 2;
        afterDollar = false;
        escaped = true;
        continue;
      }
      if (c === Ch.OpenBrace && afterDollar) {
        afterDollar = false;
        i++;
        continue;
      }
      if (isSpace(c) || c === Ch.Semicolon || c === Ch.OpenBrace) break;
      afterDollar = c === Ch.Dollar;
      if (c >= Ch.Zero && c <= Ch.Nine) digits = true;
      i++;
    }
    if (i > length) i = length;
    this.pos = i;
    const raw = escaped ? unescape(text, start, i) : text.slice(start, i);
    // Short bare words repeat endlessly (names, `on`, `$host`): share one string for each. Words with
    // digits (ports, addresses, sizes) are mostly unique, and interning those would only cost memory.
    const value = raw.length <= 24 && !digits ? this.intern(raw) : raw;
    const word: Word = { start, end: i, value };
    return this.token(Tok.Word, start, i, word);
  }

  /** A quoted word; it may span lines. After the closing quote nginx wants a space, `;`, `{` or `)`. */
  private quoted(start: number, quote: number): Tok {
    const text = this.text;
    const length = text.length;
    let i = start + 1;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === Ch.Backslash) {
        i += 2;
        continue;
      }
      if (c === quote) break;
      i++;
    }
    const q = quote === Ch.DoubleQuote ? '"' : "'";
    if (i >= length) {
      // Never closed: nginx fails at the end of the file. Ending the string at its own line keeps the
      // rest of the file analysable while someone is still typing it.
      let eol = text.indexOf("\n", start);
      if (eol === -1) eol = length;
      let end = eol;
      if (end > start && text.charCodeAt(end - 1) === Ch.CR) end--;
      this.error("unterminated-string", `Unterminated string: the ${q} is never closed`, start, end);
      this.unterminatedAt = start;
      this.pos = end;
      const word: Word = { start, end, value: unescape(text, start + 1, end) };
      return this.token(Tok.Word, start, end, word);
    }
    const end = i + 1;
    this.pos = end;
    if (end < length) {
      const after = text.charCodeAt(end);
      if (!isSpace(after) && after !== Ch.Semicolon && after !== Ch.OpenBrace && after !== Ch.CloseParen) {
        this.error(
          "unexpected-token",
          `Unexpected "${text[end]}" after a quoted string: nginx wants a space, ";" or "{" here`,
          end,
          end + 1,
        );
        // Keep what follows in the same argument, so one typo does not also miscount the arguments.
        this.bare(end);
        const restEnd = this.tokEnd;
        const restValue = (this.tokWord as Word).value;
        const word: Word = {
          start,
          end: restEnd,
          value: unescape(text, start + 1, i) + restValue,
        };
        return this.token(Tok.Word, start, restEnd, word);
      }
    }
    const word: Word = { start, end, value: unescape(text, start + 1, i) };
    return this.token(Tok.Word, start, end, word);
  }

  /** Parses statements until the enclosing block's `}` (returned) or the end of the file. */
  parseStatements(into: Directive[], enclosing: string, openAt: number | undefined): number | undefined {
    for (;;) {
      const kind = this.next();
      switch (kind) {
        case Tok.EOF:
          if (openAt !== undefined) this.reportUnclosed(openAt, enclosing);
          return undefined;
        case Tok.Close:
          if (openAt !== undefined) return this.tokStart;
          this.error(
            "unexpected-closing-brace",
            'Unexpected "}": there is no open block to close here',
            this.tokStart,
            this.tokEnd,
          );
          continue;
        case Tok.Semicolon:
          this.error(
            "unexpected-token",
            'Unexpected ";": there is no directive before it',
            this.tokStart,
            this.tokEnd,
          );
          continue;
        case Tok.Open: {
          this.error(
            "unexpected-token",
            'Unexpected "{": a block needs a directive name before it',
            this.tokStart,
            this.tokEnd,
          );
          // Parse the nameless block anyway so its braces stay balanced with the rest of the file.
          const directive = this.newDirective({
            start: this.tokStart,
            end: this.tokStart,
            value: "",
          });
          this.parseBlock(directive, this.tokStart);
          into.push(directive);
          continue;
        }
        case Tok.Word: {
          const pending = this.assumedIndex;
          this.assumedIndex = undefined;
          const statement = this.parseStatement(this.tokWord as Word, enclosing);
          into.push(statement);
          const error = pending !== undefined ? this.errors[pending] : undefined;
          // The merged statement would have ended at a "{", which nginx refuses for sure.
          if (error && (statement.block || statement.raw))
            this.errors[pending as number] = { ...error, assumedFor: undefined };
          continue;
        }
      }
    }
  }

  /**
   * True when the word starting a line stands further right than the statement's name: a line indented
   * under a statement continues its arguments (`access_log ... test` above `gzip buffer=1m;`), as
   * nginx reads it, while a line at the same depth is taken as a new statement missing its ";".
   */
  private indentedDeeper(word: number, name: number): boolean {
    return this.column(word) > this.column(name);
  }

  private column(offset: number): number {
    let start = offset;
    while (start > 0 && this.text[start - 1] !== "\n" && this.text[start - 1] !== "\r") start--;
    return offset - start;
  }

  private newDirective(name: Word): Directive {
    return {
      name,
      args: NO_WORDS,
      semicolon: undefined,
      block: undefined,
      raw: undefined,
      end: name.end,
    };
  }

  private parseStatement(first: Word, enclosing: string): Directive {
    const name = first;
    const directive = this.newDirective(name);
    // Collected here and stored at an exact size: an array grown by push keeps room for 17 entries,
    // which for a million statements is a hundred megabytes of nothing.
    // One scratch list per nesting depth, reused: a statement's block (parsed one level deeper) never
    // touches its list, and a new list per statement would only feed the garbage collector.
    const args = (this.scratch[this.depth] ??= []);
    args.length = 0;
    let lastEnd = name.end;
    for (;;) {
      const kind = this.next();
      switch (kind) {
        case Tok.Word: {
          const word = this.tokWord as Word;
          if (
            quoteOf(word, this.text) === null &&
            this.options.startsStatement &&
            this.tokNewline &&
            !this.indentedDeeper(word.start, name.start) &&
            this.options.startsStatement(word.value, enclosing)
          ) {
            directive.args = args.length === 0 ? NO_WORDS : args.slice();
            this.missingSemicolon(
              directive,
              lastEnd,
              word.start,
              `nginx would read "${word.value}" as one of its arguments`,
              true,
            );
            this.replay = true;
            return directive;
          }
          args.push(word);
          lastEnd = word.end;
          directive.end = lastEnd;
          continue;
        }
        case Tok.Semicolon:
          directive.args = args.length === 0 ? NO_WORDS : args.slice();
          directive.semicolon = this.tokStart;
          directive.end = this.tokEnd;
          return directive;
        case Tok.Open:
          directive.args = args.length === 0 ? NO_WORDS : args.slice();
          if (isRawBlockDirective(name.value)) this.parseRawBlock(directive, this.tokStart);
          else this.parseBlock(directive, this.tokStart);
          return directive;
        case Tok.Close:
          directive.args = args.length === 0 ? NO_WORDS : args.slice();
          this.missingSemicolon(directive, lastEnd, this.tokStart, 'before "}"');
          this.replay = true;
          return directive;
        case Tok.EOF:
          directive.args = args.length === 0 ? NO_WORDS : args.slice();
          this.missingSemicolon(directive, lastEnd, lastEnd, "before the end of the file");
          this.replay = true;
          return directive;
      }
    }
  }

  private missingSemicolon(
    directive: Directive,
    lastEnd: number,
    nextStart: number,
    why: string,
    assumed = false,
  ): void {
    const lastWord = directive.args[directive.args.length - 1] ?? directive.name;
    if (directive.args.some((arg) => arg.start === this.unterminatedAt)) return;
    const message = `Missing ";" after "${directive.name.value}": ${why}`;
    const end = Math.max(nextStart, lastEnd);
    if (assumed) {
      this.errors.push({
        code: "missing-semicolon",
        message,
        start: lastWord.start,
        end,
        assumedFor: directive.name.value,
        insertAt: lastWord.end,
      });
      this.assumedIndex = this.errors.length - 1;
    } else {
      this.errors.push({
        code: "missing-semicolon",
        message,
        start: lastWord.start,
        end,
        insertAt: lastWord.end,
      });
    }
  }

  private parseBlock(directive: Directive, open: number): void {
    const block: Block = { open, close: undefined, children: NO_DIRECTIVES };
    directive.block = block;
    if (this.depth >= MAX_DEPTH) {
      // Real configurations nest a handful of levels; thousands are an attack or an accident, and
      // following them would exhaust the stack. The body is skipped to its matching brace.
      this.error(
        "nesting-too-deep",
        `Blocks are nested more than ${MAX_DEPTH} levels deep; the rest of this block is not checked`,
        open,
        open + 1,
      );
      block.close = this.skipBlock();
      directive.end = block.close !== undefined ? block.close + 1 : this.text.length;
      if (block.close === undefined) this.reportUnclosed(open, directive.name.value);
      return;
    }
    this.depth++;
    // Collected in a list reused at this depth and stored at its exact size, as arguments are: most
    // blocks hold a few statements, and an array grown by push keeps room for 17.
    const children = (this.bodies[this.depth] ??= []);
    children.length = 0;
    block.close = this.parseStatements(children, directive.name.value, open);
    block.children = children.length === 0 ? NO_DIRECTIVES : children.slice();
    this.depth--;
    directive.end = block.close !== undefined ? block.close + 1 : this.lastTokenEnd;
  }

  /** Skips to the `}` matching an already opened `{` with nginx's tokens, without building a tree. */
  private skipBlock(): number | undefined {
    let depth = 1;
    for (;;) {
      const kind = this.next();
      if (kind === Tok.EOF) return undefined;
      if (kind === Tok.Open) depth++;
      else if (kind === Tok.Close && --depth === 0) return this.tokStart;
    }
  }

  private reportUnclosed(openAt: number, enclosing: string): void {
    // nginx names the end of the file; point at the last real token (not a trailing comment) and
    // name the open block.
    const end = Math.max(this.lastTokenEnd, openAt + 1);
    this.error(
      "unclosed-block",
      `Unexpected end of file: the "${enclosing}" block is never closed with "}"`,
      Math.max(0, end - 1),
      end,
      {
        start: openAt,
        end: openAt + 1,
        message: `"${enclosing}" block opened here`,
      },
    );
  }

  private lastRealEnd(): number {
    let end = this.text.length;
    while (end > 0 && isSpace(this.text.charCodeAt(end - 1))) end--;
    return end;
  }

  /** Skips a Lua body, honouring Lua strings, long brackets and comments, to its matching `}`. */
  private parseRawBlock(directive: Directive, open: number): void {
    const text = this.text;
    const length = text.length;
    let depth = 1;
    let i = open + 1;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === Ch.Minus && text.charCodeAt(i + 1) === Ch.Minus) {
        const level = longBracketLevel(text, i + 2);
        if (level >= 0) i = skipLongBracket(text, i + 2, level);
        else {
          const eol = text.indexOf("\n", i);
          i = eol === -1 ? length : eol;
        }
        continue;
      }
      if (c === Ch.DoubleQuote || c === Ch.SingleQuote) {
        i++;
        while (i < length && text.charCodeAt(i) !== c && text.charCodeAt(i) !== Ch.LF) {
          i += text.charCodeAt(i) === Ch.Backslash ? 2 : 1;
        }
        i++;
        continue;
      }
      if (c === Ch.OpenBracket) {
        const level = longBracketLevel(text, i);
        if (level >= 0) {
          i = skipLongBracket(text, i, level);
          continue;
        }
      }
      if (c === Ch.OpenBrace) depth++;
      else if (c === Ch.CloseBrace) {
        depth--;
        if (depth === 0) {
          directive.raw = { open, close: i };
          directive.end = i + 1;
          this.pos = i + 1;
          return;
        }
      }
      i++;
    }
    this.pos = length;
    directive.raw = { open, close: undefined };
    directive.end = this.lastRealEnd();
    this.lastTokenEnd = directive.end;
    this.reportUnclosed(open, directive.name.value);
  }
}

/** For `[[`, `[=[`, ... at `at`, the number of `=`; -1 when there is no long bracket there. */
function longBracketLevel(text: string, at: number): number {
  if (text.charCodeAt(at) !== Ch.OpenBracket) return -1;
  let i = at + 1;
  while (text.charCodeAt(i) === Ch.Equals) i++;
  return text.charCodeAt(i) === Ch.OpenBracket ? i - at - 1 : -1;
}

function skipLongBracket(text: string, at: number, level: number): number {
  const close = "]" + "=".repeat(level) + "]";
  const end = text.indexOf(close, at + level + 2);
  return end === -1 ? text.length : end + close.length;
}

/** Parses a whole file. Never throws on any input; errors come back with the tree. */
export function parse(text: string, options: ParseOptions = {}): ParsedFile {
  const parser = new Parser(text, options);
  const directives: Directive[] = [];
  parser.parseStatements(directives, "", undefined);
  return { text, directives, comments: parser.comments, errors: parser.errors };
}
