// The language service's answers in LSP's types, and the client's capabilities as far as the answers
// depend on them. Positions in the document a request is about are converted here, with the
// document the client synchronised; everything else arrives from the service already positioned.

import {
  CodeActionKind,
  CompletionItemKind,
  FoldingRangeKind,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CodeAction,
  type CompletionItem,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type InitializeParams,
  type SymbolInformation,
} from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { CompletionEntry, CompletionKind } from "../features/completion";
import type { Fold } from "../features/folding";
import type { HoverResult } from "../features/hover";
import type { OutlineSymbol, SymbolCategory } from "../features/symbols";
import type { ActionKind, PlannedCodeAction } from "../language-service/code-actions";

/** The code action kind of "fix all WebSocket findings". */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.nginx`;

/** The service's kinds of code action, as LSP names them. */
export const ACTION_KINDS: Readonly<Record<ActionKind, string>> = {
  "quick-fix": CodeActionKind.QuickFix,
  rewrite: CodeActionKind.RefactorRewrite,
  "fix-all": FIX_ALL_KIND,
};

/** What the client said it can do, as far as the answers depend on it. */
export interface ClientSupport {
  configuration: boolean;
  configurationRegistration: boolean;
  workspaceFolders: boolean;
  snippets: boolean;
  hierarchicalSymbols: boolean;
  markdownHover: boolean;
  markdownCompletion: boolean;
}

const SYMBOL_KINDS: Readonly<Record<SymbolCategory, SymbolKind>> = {
  namespace: SymbolKind.Namespace,
  server: SymbolKind.Class,
  location: SymbolKind.Method,
  upstream: SymbolKind.Struct,
  variable: SymbolKind.Variable,
  condition: SymbolKind.Operator,
  block: SymbolKind.Object,
};

const COMPLETION_KINDS: Readonly<Record<CompletionKind, CompletionItemKind>> = {
  directive: CompletionItemKind.Keyword,
  variable: CompletionItemKind.Variable,
  value: CompletionItemKind.Value,
  upstream: CompletionItemKind.Module,
};

/** True when `kind` is `requested` or one of its sub-kinds (`source.fixAll.nginx` is in `source`). */
function kindContains(requested: string, kind: string): boolean {
  return requested === "" || kind === requested || kind.startsWith(requested + ".");
}

/** What the client can do, read from its `initialize` capabilities. */
export function supportOf(params: InitializeParams): ClientSupport {
  const caps = params.capabilities;
  return {
    configuration: caps.workspace?.configuration === true,
    configurationRegistration: caps.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    workspaceFolders: caps.workspace?.workspaceFolders === true,
    snippets: caps.textDocument?.completion?.completionItem?.snippetSupport === true,
    hierarchicalSymbols: caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    markdownHover: caps.textDocument?.hover?.contentFormat?.includes(MarkupKind.Markdown) ?? true,
    markdownCompletion:
      caps.textDocument?.completion?.completionItem?.documentationFormat?.includes(MarkupKind.Markdown) ??
      true,
  };
}

export function toDocumentSymbol(symbol: OutlineSymbol, document: TextDocument): DocumentSymbol {
  return {
    name: symbol.name,
    detail: symbol.detail,
    kind: SYMBOL_KINDS[symbol.category],
    range: { start: document.positionAt(symbol.start), end: document.positionAt(symbol.end) },
    selectionRange: {
      start: document.positionAt(symbol.selectionStart),
      end: document.positionAt(symbol.selectionEnd),
    },
    children: symbol.children.map((child) => toDocumentSymbol(child, document)),
  };
}

/** The outline as a flat list, for clients without hierarchical symbols. */
export function flatten(
  symbols: readonly DocumentSymbol[],
  uri: string,
  container?: string,
): SymbolInformation[] {
  return symbols.flatMap((symbol) => [
    {
      name: symbol.name,
      kind: symbol.kind,
      location: { uri, range: symbol.range },
      ...(container !== undefined ? { containerName: container } : {}),
    },
    ...flatten(symbol.children ?? [], uri, symbol.name),
  ]);
}

export function toCodeAction(action: PlannedCodeAction): CodeAction {
  const kind = ACTION_KINDS[action.kind];
  return {
    title: action.title,
    kind,
    diagnostics: action.diagnostics as LspDiagnostic[],
    ...(action.kind === "quick-fix" ? { isPreferred: action.preferred } : {}),
    edit: { changes: action.changes },
  };
}

/** The kinds of code action a request's `only` asks for; without it, all but fix-all, asked for by name. */
export function requestedKinds(only: readonly string[] | undefined): Set<ActionKind> {
  return new Set(
    (Object.keys(ACTION_KINDS) as ActionKind[]).filter((kind) =>
      only ? only.some((k) => kindContains(k, ACTION_KINDS[kind])) : kind !== "fix-all",
    ),
  );
}

export function toHover(hover: HoverResult, document: TextDocument, support: ClientSupport): Hover {
  return {
    contents: {
      kind: support.markdownHover ? MarkupKind.Markdown : MarkupKind.PlainText,
      value: hover.markdown,
    },
    range: { start: document.positionAt(hover.start), end: document.positionAt(hover.end) },
  };
}

/** A completion entry as an edit of the word typed so far, a snippet where the client takes them. */
export function toCompletionItem(
  entry: CompletionEntry,
  document: TextDocument,
  support: ClientSupport,
): CompletionItem {
  const snippet = support.snippets && entry.snippet !== undefined;
  const newText = snippet ? (entry.snippet as string) : entry.insertText;
  return {
    label: entry.label,
    kind: COMPLETION_KINDS[entry.kind],
    ...(entry.detail !== undefined ? { detail: entry.detail } : {}),
    ...(entry.documentation !== undefined
      ? {
          documentation: {
            kind: support.markdownCompletion ? MarkupKind.Markdown : MarkupKind.PlainText,
            value: entry.documentation,
          },
        }
      : {}),
    ...(entry.sortText !== undefined ? { sortText: entry.sortText } : {}),
    filterText: entry.insertText,
    insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: {
      range: { start: document.positionAt(entry.start), end: document.positionAt(entry.end) },
      newText,
    },
  };
}

export function toFoldingRange(fold: Fold): FoldingRange {
  return {
    startLine: fold.startLine,
    endLine: fold.endLine,
    ...(fold.kind === "comment" ? { kind: FoldingRangeKind.Comment } : {}),
  };
}
