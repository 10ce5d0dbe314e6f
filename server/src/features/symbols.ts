// The outline of one file: its blocks (http, server, location, upstream, map, ...) as a tree, each named
// as people look for it (a server by its server_name, a location by its path).

import type { Directive, ParsedFile } from "../parser/ast";
import { nodeEnd } from "./nodes";

/** What a symbol stands for; the language server maps these to LSP's SymbolKind. */
export type SymbolCategory =
  "namespace" | "server" | "location" | "upstream" | "variable" | "condition" | "block";

/** One outline entry, with offsets of the whole block and of its header. */
export interface OutlineSymbol {
  readonly name: string;
  readonly detail: string;
  readonly category: SymbolCategory;
  readonly start: number;
  readonly end: number;
  readonly selectionStart: number;
  readonly selectionEnd: number;
  readonly children: OutlineSymbol[];
}

const CATEGORIES: Readonly<Record<string, SymbolCategory>> = {
  http: "namespace",
  events: "namespace",
  stream: "namespace",
  mail: "namespace",
  server: "server",
  location: "location",
  upstream: "upstream",
  map: "variable",
  geo: "variable",
  split_clients: "variable",
  if: "condition",
  limit_except: "condition",
  types: "block",
};

/** Deep nesting is unusual in nginx; a limit keeps a hostile file from recursing forever. */
const MAX_DEPTH = 64;

function child(directive: Directive, name: string): Directive | undefined {
  return directive.block?.children.find((c) => c.name.value === name);
}

function symbolName(directive: Directive): string {
  if (directive.name.value === "server") {
    const names = child(directive, "server_name")?.args.map((a) => a.value) ?? [];
    return names.length > 0 ? `server ${names.join(" ")}` : "server";
  }
  return [directive.name.value, ...directive.args.map((a) => a.value)].join(" ");
}

/** The detail shown beside a server: where it listens. */
function symbolDetail(directive: Directive): string {
  if (directive.name.value !== "server") return "";
  const listen = directive.block?.children.filter((c) => c.name.value === "listen") ?? [];
  return listen.map((l) => `listen ${l.args.map((a) => a.value).join(" ")}`).join(", ");
}

function collect(directives: readonly Directive[], depth: number): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  if (depth > MAX_DEPTH) return out;
  for (const directive of directives) {
    if (!directive.block && !directive.raw) continue;
    const name = directive.name.value;
    const last = directive.args[directive.args.length - 1] ?? directive.name;
    out.push({
      name: symbolName(directive) || "(unnamed block)",
      detail: symbolDetail(directive),
      category: CATEGORIES[name] ?? "block",
      start: directive.name.start,
      end: nodeEnd(directive),
      selectionStart: directive.name.start,
      selectionEnd: last.end,
      children: directive.block ? collect(directive.block.children, depth + 1) : [],
    });
  }
  return out;
}

/** The outline of a parsed file: every block, nested as written. */
export function documentSymbols(parsed: ParsedFile): OutlineSymbol[] {
  return collect(parsed.directives, 0);
}
