// Applying fixes to a text: the edits of many findings at once, each edit at most once, clashing
// edits left for the next round, the text's own line endings kept.

import { lineEndingOf, withLineEnding } from "../parser/lines";
import type { TextEdit } from "./finding";

/**
 * Applies edits to a text. Edits are applied from the end backwards; an edit overlapping one already
 * taken is skipped (it will be offered again on the next analysis). `applied`, when given, receives
 * every edit that took effect (so a caller can tell which fixes were applied whole).
 */
export function applyEdits(text: string, edits: readonly TextEdit[], applied?: Set<TextEdit>): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  const ending = lineEndingOf(text);
  let result = text;
  let limit = Number.POSITIVE_INFINITY;
  let previous: TextEdit | undefined;
  for (const edit of sorted) {
    // Two findings can carry the same edit (two locations shadowed by one server list): apply it once.
    if (
      previous &&
      edit.start === previous.start &&
      edit.end === previous.end &&
      edit.newText === previous.newText
    ) {
      applied?.add(edit);
      continue;
    }
    if (edit.end > limit) continue;
    if (edit.start < 0 || edit.end > text.length || edit.start > edit.end) continue;
    result = result.slice(0, edit.start) + withLineEnding(edit.newText, ending) + result.slice(edit.end);
    limit = edit.start;
    previous = edit;
    applied?.add(edit);
  }
  return result;
}
