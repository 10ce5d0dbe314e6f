// Folding: every block from its header to its closing brace, and every run of two or more lines that
// hold only a comment.

import type { Directive, ParsedFile } from "../parser/ast";
import { LineIndex } from "../parser/lines";

/** A foldable range in lines (0-based); `endLine` is the last line folded away. */
export interface Fold {
  readonly startLine: number;
  readonly endLine: number;
  readonly kind: "block" | "comment";
}

/** The folds of a parsed file, sorted by their first line. */
export function foldingRanges(parsed: ParsedFile): Fold[] {
  const index = new LineIndex(parsed.text);
  const folds: Fold[] = [];
  const lastLine = index.lineCount - 1;
  // A loop over a stack rather than recursion: nesting depth is whatever the file says.
  const pending: Directive[] = [...parsed.directives];
  while (pending.length > 0) {
    const directive = pending.pop() as Directive;
    const body = directive.block ?? directive.raw;
    if (!body) continue;
    const startLine = index.positionAt(directive.name.start).line;
    // The closing brace stays visible, as editors fold C-like blocks; an unclosed block folds to the end.
    const endLine = body.close === undefined ? lastLine : index.positionAt(body.close).line - 1;
    if (endLine > startLine) folds.push({ startLine, endLine, kind: "block" });
    if (directive.block) for (const child of directive.block.children) pending.push(child);
  }
  let runStart = -1;
  let runEnd = -1;
  const flush = (): void => {
    if (runStart >= 0 && runEnd > runStart)
      folds.push({ startLine: runStart, endLine: runEnd, kind: "comment" });
  };
  for (const comment of parsed.comments) {
    const position = index.positionAt(comment.start);
    const lineStart = index.lineStart(position.line);
    // Only comments alone on their line make a run; a comment after a statement does not.
    if (parsed.text.slice(lineStart, comment.start).trim() !== "") continue;
    if (runStart >= 0 && position.line === runEnd + 1) runEnd = position.line;
    else {
      flush();
      runStart = position.line;
      runEnd = position.line;
    }
  }
  flush();
  return folds.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
