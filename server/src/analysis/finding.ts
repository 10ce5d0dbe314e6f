// What checks report: offsets into a named file, a stable code, and optional fixes carried along.

/** LSP's severities, by number: the same numbers the JSON output and the editor use. */
export const enum Severity {
  Error = 1,
  Warning = 2,
  Information = 3,
  Hint = 4,
}

/** A span of one file. */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** One text replacement in one file (offsets into that file's current text). */
export interface TextEdit extends Span {
  readonly newText: string;
}

/** A quick fix: a titled set of edits. The preferred one is what `--fix` and "fix all" apply. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly preferred: boolean;
}

/** A finding of the engine: where, how bad, which rule (its stable code), why, and how to fix it. */
export interface Finding extends Span {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly related?: readonly (Span & { readonly message: string })[];
  readonly fixes?: readonly Fix[];
}

/**
 * Gives a finding fixes that are built each time they are read, and not kept. A large
 * configuration can have a hundred thousand findings: the command line's text output and the
 * language server's diagnostics never read their fixes, the JSON output reads each once and writes
 * it out, and a quick fix reads only its own. Readers that need them twice keep what they read.
 */
export function withLazyFixes<T extends Omit<Finding, "fixes">>(
  finding: T,
  build: () => readonly Fix[],
): T & Finding {
  return Object.defineProperty(finding, "fixes", { get: build, enumerable: true, configurable: true });
}

/** The code of the one finding that stands for those past the per-file cap. */
export const TOO_MANY_FINDINGS = "too-many-findings";

/** How many findings one file reports at most: past this, a list is noise and its output a burden. */
export const MAX_FINDINGS_PER_FILE = 1000;

/**
 * At most `max` findings per file (the first, in the order given), and for a file with more, one
 * more finding where the first left out stands, saying how many were left out; it is as severe as
 * the most severe of them, so the exit status and the editor's badge still tell the truth.
 */
export function capFindings(findings: readonly Finding[], max = MAX_FINDINGS_PER_FILE): Finding[] {
  const counts = new Map<string, number>();
  const hidden = new Map<string, { first: Finding; count: number; severity: Severity }>();
  const out: Finding[] = [];
  for (const finding of findings) {
    const seen = counts.get(finding.file) ?? 0;
    counts.set(finding.file, seen + 1);
    if (seen < max) {
      out.push(finding);
      continue;
    }
    const rest = hidden.get(finding.file);
    if (rest) {
      rest.count++;
      rest.severity = Math.min(rest.severity, finding.severity) as Severity;
    } else hidden.set(finding.file, { first: finding, count: 1, severity: finding.severity });
  }
  for (const [file, rest] of hidden) {
    out.push({
      file,
      start: rest.first.start,
      end: rest.first.start,
      code: TOO_MANY_FINDINGS,
      severity: rest.severity,
      message: `${rest.count} more finding${rest.count === 1 ? "" : "s"} in this file ${rest.count === 1 ? "is" : "are"} not shown (at most ${max} are reported per file)`,
    });
  }
  return out;
}

/** Findings without repeats (same file, span, code and message), sorted by file and position. */
export function dedupe(findings: readonly Finding[]): Finding[] {
  // Sorted first (stable: findings at the same span keep their order), so repeats stand side by
  // side in runs of one span: no key string per finding, which a file of a million errors would
  // otherwise build a million of.
  const sorted = [...findings].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start || a.end - b.end,
  );
  const out: Finding[] = [];
  /** Where the kept findings of the current span begin in `out`. */
  let runStart = 0;
  for (let i = 0; i < sorted.length; i++) {
    const finding = sorted[i] as Finding;
    const first = out[runStart];
    if (
      first === undefined ||
      finding.file !== first.file ||
      finding.start !== first.start ||
      finding.end !== first.end
    ) {
      runStart = out.length;
      out.push(finding);
      continue;
    }
    let repeated = false;
    for (let k = runStart; k < out.length; k++) {
      const kept = out[k] as Finding;
      if (kept.code === finding.code && kept.message === finding.message) {
        repeated = true;
        break;
      }
    }
    if (!repeated) out.push(finding);
  }
  return out;
}
