// Turns findings (offsets) into LSP-shaped diagnostics (0-based line, UTF-16 character). This is the
// one place offsets become positions, for both the language server and the command line's JSON.

import { pathToFileURL } from "node:url";
import type { Finding, Fix } from "./analysis/finding";
import { LineIndexes, lineEndingOf, withLineEnding, type Position } from "./parser/lines";

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A fix as the editor and JSON consumers see it: edits by file URI and range. */
export interface DiagnosticFix {
  readonly title: string;
  readonly preferred: boolean;
  readonly edits: readonly { readonly uri: string; readonly range: Range; readonly newText: string }[];
}

/** A diagnostic in LSP's shape; `data.fixes` carries the quick fixes so no re-analysis is needed. */
export interface Diagnostic {
  readonly range: Range;
  readonly severity: number;
  readonly code: string;
  readonly source: "nginx";
  readonly message: string;
  readonly relatedInformation?: readonly {
    readonly location: { readonly uri: string; readonly range: Range };
    readonly message: string;
  }[];
  readonly data?: { readonly fixes: readonly DiagnosticFix[] };
}

/**
 * Offsets to positions in any number of files, each file's text read and indexed once, when first
 * asked for. The one mapper for every answer: diagnostics and fixes (language server and JSON), the
 * language server's definitions, and the file:line names hover shows (`features/places.ts`).
 */
export class PositionMapper extends LineIndexes {
  private readonly endings = new Map<string, "\r\n" | "\n">();

  /** The line ending the file uses (what a fix's new lines must end with). */
  lineEnding(file: string): "\r\n" | "\n" {
    this.index(file);
    return this.endings.get(file) ?? "\n";
  }

  protected override read(file: string, text: string): void {
    this.endings.set(file, lineEndingOf(text));
  }

  /** The position of an offset in a file. */
  positionAt(file: string, offset: number): Position {
    return this.index(file).positionAt(offset);
  }

  range(file: string, start: number, end: number): Range {
    const index = this.index(file);
    return { start: index.positionAt(start), end: index.positionAt(end) };
  }
}

/** The file:// URI of an absolute path. */
export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

/** One fix in LSP's shape (positions, file URIs). */
export function convertFix(fix: Fix, mapper: PositionMapper): DiagnosticFix {
  return {
    title: fix.title,
    preferred: fix.preferred,
    edits: fix.edits.map((e) => ({
      uri: fileUri(e.file),
      range: mapper.range(e.file, e.start, e.end),
      newText: withLineEnding(e.newText, mapper.lineEnding(e.file)),
    })),
  };
}

/** A finding's fixes, converted. */
export function convertFixes(finding: Finding, mapper: PositionMapper): DiagnosticFix[] {
  return (finding.fixes ?? []).map((f) => convertFix(f, mapper));
}

/**
 * Converts one finding. `withFixes: false` leaves the fixes out (and unbuilt): the language server
 * publishes without them and converts a finding's fixes when a code action asks.
 */
export function toDiagnostic(finding: Finding, mapper: PositionMapper, withFixes = true): Diagnostic {
  // Read once: a rule's fixes may be built each time they are read.
  const fixes = withFixes ? finding.fixes : undefined;
  const diagnostic: Diagnostic = {
    range: mapper.range(finding.file, finding.start, finding.end),
    severity: finding.severity,
    code: finding.code,
    source: "nginx",
    message: finding.message,
    ...(finding.related && finding.related.length > 0
      ? {
          relatedInformation: finding.related.map((r) => ({
            location: { uri: fileUri(r.file), range: mapper.range(r.file, r.start, r.end) },
            message: r.message,
          })),
        }
      : {}),
    ...(fixes && fixes.length > 0 ? { data: { fixes: fixes.map((f) => convertFix(f, mapper)) } } : {}),
  };
  return diagnostic;
}
