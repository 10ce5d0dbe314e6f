// Which code actions a position in a document gets: the quick fixes of the diagnostics the client
// sends (built now from the analysis they came from, since fixes stay off the wire), the WebSocket
// fixes of the blocks around the cursor, "Disable CODE for this line", "Add WebSocket support to
// this location" as a rewrite, and "Fix all WebSocket findings in this file".

import { convertFix, PositionMapper, type Diagnostic, type Range } from "../diagnostics";
import {
  addWebSocketFixes,
  disableForLine,
  enclosingWebSocketFindings,
  fixAllWebSocket,
  fixesOf,
  quickFixes,
  type PlannedAction,
  type RangeEdit,
} from "../features/code-actions";
import { parse } from "../parser/parser";
import { PARSE_OPTIONS } from "../analysis/syntax";
import { endpointPatternsOf, targetOf } from "../settings";
import { linesOf } from "./documents";
import type { LanguageService } from "./language-service";

/** A diagnostic as a client sends it back: anything may have been changed or dropped on the way. */
export interface ClientDiagnostic {
  readonly range: Range;
  readonly code?: string | number;
  readonly message: string;
  readonly source?: string;
  readonly data?: unknown;
}

/** The kinds of action the service plans; the protocol layer names them as its clients know them. */
export type ActionKind = "quick-fix" | "rewrite" | "fix-all";

/** A code action request, in the document's offsets. */
export interface ActionRequest {
  /** Where the cursor (the start of the selection) is. */
  readonly offset: number;
  /** The diagnostics the client sends as the context of the request. */
  readonly diagnostics: readonly ClientDiagnostic[];
  /** Which kinds the client asks for. */
  readonly kinds: ReadonlySet<ActionKind>;
}

/** A code action ready to be sent: edits grouped by document URI. */
export interface PlannedCodeAction {
  readonly title: string;
  readonly kind: ActionKind;
  readonly preferred: boolean;
  /** The diagnostics the action resolves, as the client should be told. */
  readonly diagnostics: readonly ClientDiagnostic[];
  readonly changes: Record<string, RangeEdit[]>;
}

function planned(
  action: PlannedAction,
  kind: ActionKind,
  attach: readonly ClientDiagnostic[],
): PlannedCodeAction {
  return {
    title: action.title,
    kind,
    preferred: action.preferred,
    diagnostics: [...attach],
    changes: action.changes,
  };
}

/** True when a diagnostic the client sent is this one the server published (same code, message and range). */
function isPublished(published: Diagnostic, given: ClientDiagnostic): boolean {
  return (
    published.code === String(given.code) &&
    published.message === given.message &&
    published.range.start.line === given.range.start.line &&
    published.range.start.character === given.range.start.character &&
    published.range.end.line === given.range.end.line &&
    published.range.end.character === given.range.end.character
  );
}

/** "Disable CODE for this line" for a diagnostic of the document's current text, where it can work. */
function disableLineAction(
  service: LanguageService,
  uri: string,
  given: ClientDiagnostic,
): PlannedCodeAction | undefined {
  const found = service.current(uri);
  if (!found) return undefined;
  const text = found.document.text;
  const analysed = found.result.analysis.config.files.get(found.result.file)?.parsed;
  const parsed = analysed?.text === text ? analysed : parse(text, PARSE_OPTIONS);
  const lines = linesOf(found.document);
  const action = disableForLine(
    given as Diagnostic,
    uri,
    parsed,
    (p) => lines.offsetAt(p),
    (o) => lines.positionAt(o),
  );
  return action && planned(action, "quick-fix", [given]);
}

/** The quick fixes of the diagnostics sent, then those of the WebSocket findings around the cursor. */
function quickFixActions(service: LanguageService, uri: string, request: ActionRequest): PlannedCodeAction[] {
  const actions: PlannedCodeAction[] = [];
  // What the client saw: its diagnostics are matched against the last publish, before anything new
  // is analysed.
  const seen = service.published(uri);
  const stored = seen?.diagnostics ?? [];
  for (const given of request.diagnostics) {
    if (given.source !== undefined && given.source !== "nginx") continue;
    // The fixes of a diagnostic this server published are built now, from its analysis.
    const index = stored.findIndex((d) => isPublished(d, given));
    const withFixes =
      index >= 0 && seen
        ? seen.withFixes(index)
        : fixesOf(given).length > 0
          ? (given as Diagnostic)
          : undefined;
    if (withFixes)
      for (const action of quickFixes([withFixes])) actions.push(planned(action, "quick-fix", [given]));
    const disable = disableLineAction(service, uri, given);
    if (disable) actions.push(disable);
  }
  // A WebSocket finding is shown on its block's header, but the cursor is as likely on the
  // proxy_pass or include inside it: the fixes of the blocks around the cursor are offered too
  // (built for those findings only), unless the same edits are already offered.
  const found = service.current(uri);
  if (!found) return actions;
  const { result, published } = found;
  const offered = new Set(actions.map((a) => JSON.stringify(a.changes)));
  const indexes = enclosingWebSocketFindings(result.analysis, result.file, result.findings, request.offset);
  for (const index of indexes) {
    const diagnostic = published.diagnostics[index];
    if (!diagnostic) continue;
    for (const action of quickFixes([published.withFixes(index)])) {
      const key = JSON.stringify(action.changes);
      if (offered.has(key)) continue;
      offered.add(key);
      actions.push(planned(action, "quick-fix", [diagnostic]));
    }
  }
  return actions;
}

/** "Add WebSocket support to this location", unless a quick fix already offers the same edits. */
function rewriteActions(
  service: LanguageService,
  uri: string,
  request: ActionRequest,
  offered: readonly PlannedCodeAction[],
): PlannedCodeAction[] {
  const found = service.current(uri);
  if (!found) return [];
  const { document, result } = found;
  const fsys = service.documents.fileSystem();
  const mapper = new PositionMapper((f) => (f === result.file ? document.text : fsys.readText(f)));
  const settings = service.settings;
  const fixes = addWebSocketFixes(
    result.analysis,
    result.file,
    request.offset,
    targetOf(settings),
    endpointPatternsOf(settings),
  );
  // Carried like a diagnostic's fixes, so URIs of open documents read as the client knows them.
  const zero = { line: 0, character: 0 };
  const carrier = service.documents.withClientUris({
    range: { start: zero, end: zero },
    severity: 4,
    code: "",
    message: "",
    source: "nginx",
    data: { fixes: fixes.map((f) => convertFix(f, mapper)) },
  });
  const already = new Set(offered.map((a) => JSON.stringify(a.changes)));
  return quickFixes([carrier])
    .filter((action) => !already.has(JSON.stringify(action.changes)))
    .map((action) => planned(action, "rewrite", []));
}

/** "Fix all WebSocket findings in this file", from the current text's findings. */
function fixAllAction(service: LanguageService, uri: string): PlannedCodeAction | undefined {
  // Fix-all must fit the current text: a change still waiting for analysis is analysed first.
  const found = service.current(uri);
  if (!found) return undefined;
  const { published } = found;
  const diagnostics = published.diagnostics.map((d, i) =>
    String(d.code).startsWith("websocket-") ? published.withFixes(i) : d,
  );
  const action = fixAllWebSocket(diagnostics);
  return action && planned(action, "fix-all", action.diagnostics);
}

/** The code actions of a request, quick fixes first, then rewrites, then fix-all. */
export function codeActionsAt(
  service: LanguageService,
  uri: string,
  request: ActionRequest,
): PlannedCodeAction[] {
  const actions: PlannedCodeAction[] = [];
  if (request.kinds.has("quick-fix")) actions.push(...quickFixActions(service, uri, request));
  if (request.kinds.has("rewrite")) actions.push(...rewriteActions(service, uri, request, actions));
  if (request.kinds.has("fix-all")) {
    const action = fixAllAction(service, uri);
    if (action) actions.push(action);
  }
  return actions;
}
