// Inline suppression comments, honoured by every front end because the engine applies them:
//   # nginx-lint: disable-next-line CODE[,CODE...]   the next statement's findings of those codes
//   # nginx-lint: disable-file CODE[,CODE...]        those codes anywhere in this file
// "The next statement" is the first statement that starts after the comment; a finding belongs to it
// when it starts in the statement's head (its name and arguments, up to its `;` or `{`), so a comment
// above a block silences the block's own findings, never those of the statements inside it.

import type { Finding } from "./analysis/finding";
import type { Directive, ParsedFile } from "./parser/ast";

const MARKER = "nginx-lint:";
const DIRECTIVE = /^#\s*nginx-lint:\s*(disable-next-line|disable-file)\b([^#]*)/;

/** Offset just past a statement's head: its `{` for a block, otherwise its end. */
function headEnd(d: Directive): number {
  if (d.block) return d.block.open + 1;
  if (d.raw) return d.raw.open + 1;
  return d.end;
}

/** The index of the first statement of a level (in order) that ends after an offset: a binary search. */
function firstEndingAfter(list: readonly Directive[], offset: number, from = 0): number {
  let lo = from;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as Directive).end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first statement (at any depth) that starts at or after an offset. Children are in order. */
function firstStatementFrom(list: readonly Directive[], offset: number, from = 0): Directive | undefined {
  const lo = firstEndingAfter(list, offset, from);
  const d = list[lo];
  if (!d || d.name.start >= offset) return d;
  // The offset is inside this statement: the next one starts in its body, or after it.
  return (d.block && firstStatementFrom(d.block.children, offset)) || list[lo + 1];
}

/** The innermost statement whose head holds an offset (what a disable-next-line comment above it covers). */
export function statementAt(parsed: ParsedFile, offset: number): Directive | undefined {
  let list: readonly Directive[] = parsed.directives;
  for (;;) {
    const d = list[firstEndingAfter(list, offset)];
    if (!d || d.name.start > offset) return undefined;
    if (offset < headEnd(d)) return d;
    if (!d.block) return undefined;
    list = d.block.children;
  }
}

/** The codes a suppression comment lists (commas and spaces both separate them). */
function codesOf(list: string): string[] {
  return list
    .split(/[\s,]+/)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}

interface FileSuppressions {
  /** Codes silenced in the whole file. */
  readonly file: Set<string>;
  /** Statement heads by their start: where each ends, and the codes silenced there. */
  readonly spans: Map<number, { end: number; codes: Set<string> }>;
  /** The starts of `spans`, ascending. */
  starts: number[];
}

function suppressionsOf(parsed: ParsedFile): FileSuppressions | undefined {
  // Most files have no such comment: one substring search decides, before any comment is looked at.
  if (!parsed.text.includes(MARKER)) return undefined;
  const out: FileSuppressions = { file: new Set(), spans: new Map(), starts: [] };
  for (const comment of parsed.comments) {
    const match = DIRECTIVE.exec(parsed.text.slice(comment.start, comment.end));
    if (!match) continue;
    const codes = codesOf(match[2] as string);
    if (codes.length === 0) continue;
    if (match[1] === "disable-file") {
      for (const code of codes) out.file.add(code);
      continue;
    }
    const next = firstStatementFrom(parsed.directives, comment.end);
    if (!next) continue;
    const span = out.spans.get(next.name.start) ?? { end: headEnd(next), codes: new Set<string>() };
    for (const code of codes) span.codes.add(code);
    out.spans.set(next.name.start, span);
  }
  // Heads never overlap (a block's head ends at its `{`), so a finding falls in at most one.
  out.starts = [...out.spans.keys()].sort((a, b) => a - b);
  return out.file.size > 0 || out.spans.size > 0 ? out : undefined;
}

/** The findings that no suppression comment of their file silences (in the order given). */
export function withoutSuppressed(
  findings: Finding[],
  parsedOf: (file: string) => ParsedFile | undefined,
): Finding[] {
  const byFile = new Map<string, FileSuppressions | undefined>();
  let any = false;
  const lookup = (file: string): FileSuppressions | undefined => {
    if (!byFile.has(file)) {
      const parsed = parsedOf(file);
      const found = parsed ? suppressionsOf(parsed) : undefined;
      if (found) any = true;
      byFile.set(file, found);
    }
    return byFile.get(file);
  };
  // Look at each file once first: a run without any suppression returns the list untouched.
  for (let i = 0; i < findings.length; i++) lookup((findings[i] as Finding).file);
  if (!any) return findings;
  return findings.filter((finding) => {
    const s = byFile.get(finding.file);
    if (!s) return true;
    if (s.file.has(finding.code)) return false;
    let lo = 0;
    let hi = s.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((s.starts[mid] as number) <= finding.start) lo = mid + 1;
      else hi = mid;
    }
    const start = s.starts[lo - 1];
    const span = start === undefined ? undefined : s.spans.get(start);
    return !(span && finding.start < span.end && span.codes.has(finding.code));
  });
}
