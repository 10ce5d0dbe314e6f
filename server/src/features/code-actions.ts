// Code actions from the fixes that travel with each diagnostic (`data.fixes`): one quick fix per fix, and
// "fix all WebSocket findings" from the preferred fixes of a document's websocket-* diagnostics. Nothing
// is analysed again here: the fixes were computed with the diagnostics. Besides those, "Add WebSocket
// support to this location" is offered on every proxied location that lacks it, finding or not: a
// plain location is only a hint (or nothing, when the setting turns it off), and the one-click fix
// must still be there for the user who knows it serves WebSockets. A WebSocket finding is shown on
// its block's header, but the lines it is about (`proxy_pass`, `include proxy_params;`) are inside:
// its fixes are offered anywhere in the block. And each diagnostic can be silenced with a
// suppression comment above its statement.

import type { ConfigNode } from "../analysis/config";
import type { Finding, Fix } from "../analysis/finding";
import { proxyLevel, type ProxyLevel } from "../analysis/proxy";
import { judgeWebSocket, upgradeMaps } from "../rules/websocket/verdict";
import { WebSocketEvidence } from "../rules/websocket/evidence";
import { websocketFixes } from "../rules/websocket/fix";
import type { Diagnostic, DiagnosticFix, Range } from "../diagnostics";
import type { Version } from "../model/version";
import type { NamedPattern } from "../settings";
import type { Analysis } from "../service";
import { nodeAt } from "./nodes";
import type { ParsedFile } from "../parser/ast";
import { lineEndingOf, lineStartOf, type Position } from "../parser/lines";
import { statementAt } from "../suppressions";

/** One edit of a file, in LSP's shape. */
export interface RangeEdit {
  readonly range: Range;
  readonly newText: string;
}

/** A code action ready for the wire: edits grouped by document URI. */
export interface PlannedAction {
  readonly title: string;
  readonly preferred: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly changes: Record<string, RangeEdit[]>;
}

export const FIX_ALL_TITLE = "Fix all WebSocket findings in this file";

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Groups a fix's edits by URI, keeping their order. */
function changesOf(fix: DiagnosticFix): Record<string, RangeEdit[]> {
  const changes: Record<string, RangeEdit[]> = {};
  for (const edit of fix.edits) (changes[edit.uri] ??= []).push({ range: edit.range, newText: edit.newText });
  return changes;
}

/** True when a value looks like the fixes this server puts in `diagnostic.data`. */
function isFix(value: unknown): value is DiagnosticFix {
  if (typeof value !== "object" || value === null) return false;
  const fix = value as Partial<DiagnosticFix>;
  return typeof fix.title === "string" && Array.isArray(fix.edits);
}

/** The fixes carried by a diagnostic (what a client sent back may be anything). */
export function fixesOf(diagnostic: { data?: unknown }): DiagnosticFix[] {
  const data = diagnostic.data as { fixes?: unknown } | undefined;
  return Array.isArray(data?.fixes) ? data.fixes.filter(isFix) : [];
}

/** One quick fix per fix of each diagnostic, the preferred ones marked. */
export function quickFixes(diagnostics: readonly Diagnostic[]): PlannedAction[] {
  const out: PlannedAction[] = [];
  for (const diagnostic of diagnostics) {
    for (const fix of fixesOf(diagnostic)) {
      out.push({
        title: fix.title,
        preferred: fix.preferred === true,
        diagnostics: [diagnostic],
        changes: changesOf(fix),
      });
    }
  }
  return out;
}

function sameEdit(uri: string, edit: RangeEdit, otherUri: string, other: RangeEdit): boolean {
  return (
    uri === otherUri &&
    edit.newText === other.newText &&
    compare(edit.range.start, other.range.start) === 0 &&
    compare(edit.range.end, other.range.end) === 0
  );
}

/** Two edits of one file that cannot both apply: their ranges overlap, or both insert at one point. */
function conflicts(a: RangeEdit, b: RangeEdit): boolean {
  if (compare(a.range.end, b.range.start) <= 0 || compare(b.range.end, a.range.start) <= 0) {
    const aEmpty = compare(a.range.start, a.range.end) === 0;
    const bEmpty = compare(b.range.start, b.range.end) === 0;
    // Touching ranges are fine, unless they are insertions at the same point (their order is unclear).
    return aEmpty && bEmpty && compare(a.range.start, b.range.start) === 0;
  }
  return true;
}

/**
 * The preferred fixes of every WebSocket warning or error, as one action. A fix is taken whole or not at all:
 * when one of its edits conflicts with an edit already taken it is skipped (it is offered again after
 * the next analysis); an edit identical to one already taken is applied once.
 */
export function fixAllWebSocket(diagnostics: readonly Diagnostic[]): PlannedAction | undefined {
  const taken: { uri: string; edit: RangeEdit }[] = [];
  const used: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    if (!String(diagnostic.code).startsWith("websocket-")) continue;
    // Information and hints are suggestions (a plain location with nothing saying it serves WebSockets),
    // left alone as `nginx-lint --fix` leaves them; each still has its own quick fix.
    if (diagnostic.severity > 2) continue;
    const fix = fixesOf(diagnostic).find((f) => f.preferred);
    if (!fix) continue;
    const fresh = fix.edits.filter(
      (e) => !taken.some((t) => sameEdit(t.uri, t.edit, e.uri, { range: e.range, newText: e.newText })),
    );
    const clash = fresh.some((e) =>
      taken.some((t) => t.uri === e.uri && conflicts(t.edit, { range: e.range, newText: e.newText })),
    );
    if (clash) continue;
    for (const e of fresh) taken.push({ uri: e.uri, edit: { range: e.range, newText: e.newText } });
    used.push(diagnostic);
  }
  if (taken.length === 0) return undefined;
  const changes: Record<string, RangeEdit[]> = {};
  for (const { uri, edit } of taken) (changes[uri] ??= []).push(edit);
  return { title: FIX_ALL_TITLE, preferred: false, diagnostics: used, changes };
}

/** The blocks a WebSocket finding is reported on (its range is the block's header). */
const WEBSOCKET_BLOCKS = new Set(["location", "if", "limit_except"]);

/**
 * The WebSocket findings of a file by the offset they start at, built once per list of findings: a
 * code action asks for the blocks around the cursor only, and a file may have 100,000 findings.
 */
const websocketFindingsByStart = new WeakMap<readonly Finding[], Map<number, number[]>>();

/**
 * The indexes into `findings` (the findings of `file`, as published) of the WebSocket findings of the
 * location, `if` and `limit_except` blocks written in `file` around `offset`, innermost block first.
 * Only indexes: the caller builds the fixes of these findings alone.
 */
export function enclosingWebSocketFindings(
  analysis: Analysis,
  file: string,
  findings: readonly Finding[],
  offset: number,
): number[] {
  let byStart = websocketFindingsByStart.get(findings);
  if (!byStart) {
    byStart = new Map();
    for (let i = 0; i < findings.length; i++) {
      const finding = findings[i] as Finding;
      if (finding.file !== file || !finding.code.startsWith("websocket-")) continue;
      const list = byStart.get(finding.start);
      if (list) list.push(i);
      else byStart.set(finding.start, [i]);
    }
    websocketFindingsByStart.set(findings, byStart);
  }
  if (byStart.size === 0) return [];
  const out: number[] = [];
  for (let at = nodeAt(analysis.config, file, offset); at; at = at.parent) {
    // A block of another file (this one included inside a location) has its findings published there.
    if (at.file.path !== file || !at.directive.block || !WEBSOCKET_BLOCKS.has(at.directive.name.value))
      continue;
    for (const index of byStart.get(at.directive.name.start) ?? []) out.push(index);
  }
  return out;
}

export const ADD_WEBSOCKET_TITLE = "Add WebSocket support to this location";

/** What the action needs from the whole configuration, computed once per analysis. */
const configurationFacts = new WeakMap<
  Analysis,
  { maps: ReturnType<typeof upgradeMaps>; evidence: WebSocketEvidence }
>();

/** The proxied level at `offset`: the innermost location (or `if`/`limit_except` in one) that proxies. */
function proxiedLevelAt(analysis: Analysis, file: string, offset: number): ProxyLevel | undefined {
  for (let at: ConfigNode | undefined = nodeAt(analysis.config, file, offset); at; at = at.parent) {
    const name = at.directive.name.value;
    if (name !== "location" && name !== "if" && name !== "limit_except") continue;
    if (!at.context.startsWith("http:")) continue;
    const pass = at.children.find((c) => c.directive.name.value === "proxy_pass");
    if (pass && pass.directive.args.length > 0) return proxyLevel(at, pass);
  }
  return undefined;
}

/**
 * The fixes that give the proxied location at `offset` a complete WebSocket setup (the literal form
 * first, then the map idiom), titled for the action; empty when the cursor is on no proxied
 * location or its setup is already complete. A location on upstream keep-alive (`Connection ""`)
 * gets the same edits: asking for WebSocket support there is the user's choice to make.
 */
export function addWebSocketFixes(
  analysis: Analysis,
  file: string,
  offset: number,
  target: Version,
  patterns: readonly NamedPattern[],
): Fix[] {
  const level = proxiedLevelAt(analysis, file, offset);
  if (!level) return [];
  let facts = configurationFacts.get(analysis);
  if (!facts) {
    const nodes = analysis.config.allNodes;
    facts = {
      maps: upgradeMaps(nodes),
      evidence: new WebSocketEvidence(nodes, analysis.config.nodes, patterns),
    };
    configurationFacts.set(analysis, facts);
  }
  const evidence = facts.evidence;
  const verdict = judgeWebSocket(level, target, facts.maps, () => evidence.servesOnlyWebSockets(level), true);
  return websocketFixes(level, verdict, facts.maps.good.has("connection_upgrade"), ADD_WEBSOCKET_TITLE);
}

/**
 * "Disable CODE for this line": a `# nginx-lint: disable-next-line CODE` comment above the statement
 * the diagnostic starts in, indented like it. Offered only where that comment would work: the
 * statement's head holds the diagnostic's start and nothing but indentation precedes it on its line
 * (a comment above a line that begins with another statement would silence that one instead).
 */
export function disableForLine(
  diagnostic: Diagnostic,
  uri: string,
  parsed: ParsedFile,
  offsetAt: (position: Position) => number,
  positionAt: (offset: number) => Position,
): PlannedAction | undefined {
  const code = typeof diagnostic.code === "string" ? diagnostic.code : undefined;
  if (!code || !/^[a-z0-9-]+$/.test(code)) return undefined;
  const statement = statementAt(parsed, offsetAt(diagnostic.range.start));
  if (!statement) return undefined;
  const lineStart = lineStartOf(parsed.text, statement.name.start);
  const indent = parsed.text.slice(lineStart, statement.name.start);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  const action = (offset: number, newText: string): PlannedAction => {
    const at = positionAt(offset);
    return {
      title: `Disable ${code} for this line`,
      preferred: false,
      diagnostics: [diagnostic],
      changes: { [uri]: [{ range: { start: at, end: at }, newText }] },
    };
  };
  // A disable-next-line comment right above gets the code added to its list, rather than a second line.
  const text = parsed.text;
  if (lineStart > 0) {
    const previousEnd =
      text[lineStart - 2] === "\r" && text[lineStart - 1] === "\n" ? lineStart - 2 : lineStart - 1;
    const previousStart = lineStartOf(text, previousEnd);
    const above = /^([ \t]*#\s*nginx-lint:\s*disable-next-line\s+[^#]*?)\s*$/.exec(
      text.slice(previousStart, previousEnd),
    );
    if (above) {
      const listed = (above[1] as string).split(/[\s,]+/);
      if (listed.includes(code)) return undefined;
      return action(previousStart + (above[1] as string).length, `,${code}`);
    }
  }
  return action(lineStart, `${indent}# nginx-lint: disable-next-line ${code}${lineEndingOf(text)}`);
}
