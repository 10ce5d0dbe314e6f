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
 * Gives a finding fixes that are built the first time they are read, then kept. A large
 * configuration can have thousands of findings; the command line's text output and the language
 * server's diagnostics never read their fixes, and a quick fix reads only its own.
 */
export function withLazyFixes<T extends Omit<Finding, "fixes">>(
  finding: T,
  build: () => readonly Fix[],
): T & Finding {
  let built: readonly Fix[] | undefined;
  return Object.defineProperty(finding, "fixes", {
    get: () => (built ??= build()),
    enumerable: true,
    configurable: true,
  });
}
