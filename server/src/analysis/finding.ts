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
