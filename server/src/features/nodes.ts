// Finding things at a cursor: the directive (as a node of the effective configuration, so it knows its
// context and parents through includes), the word under the cursor, and the context a new statement
// typed there would stand in. Offsets only; the language server converts positions at its edge.

import * as path from "node:path";
import { walk, type ConfigNode, type LoadedConfig } from "../analysis/config";
import { innerContext, type Context } from "../model/directives";
import type { Directive, ParsedFile, Word } from "../parser/ast";

/** The offset just past a node's statement: its block's `}` when it has one, else its `;` or last token. */
export function nodeEnd(directive: Directive): number {
  const close = directive.block?.close ?? directive.raw?.close;
  if (close !== undefined) return close + 1;
  return Math.max(directive.end, directive.semicolon !== undefined ? directive.semicolon + 1 : 0);
}

/** The nodes of the effective configuration that were written in `file`, in file order. */
export function nodesOfFile(config: LoadedConfig, file: string): ConfigNode[] {
  const out: ConfigNode[] = [];
  // A file included twice yields two nodes per directive; the first place it is included stands for it.
  const seen = new Set<Directive>();
  walk(config.nodes, (node) => {
    if (node.file.path !== file || seen.has(node.directive)) return;
    seen.add(node.directive);
    out.push(node);
  });
  return out;
}

/**
 * The innermost node written in `file` whose statement covers `offset` (from its name to its `;` or
 * `}`), or undefined between statements.
 */
export function nodeAt(config: LoadedConfig, file: string, offset: number): ConfigNode | undefined {
  let found: ConfigNode | undefined;
  for (const node of nodesOfFile(config, file)) {
    const d = node.directive;
    // Depth-first order visits a block before what it holds, so the last match is the innermost.
    if (d.name.start <= offset && offset <= nodeEnd(d)) found = node;
  }
  return found;
}

/** The innermost block node written in `file` whose braces hold `offset`. */
export function enclosingBlock(config: LoadedConfig, file: string, offset: number): ConfigNode | undefined {
  let found: ConfigNode | undefined;
  for (const node of nodesOfFile(config, file)) {
    const block = node.directive.block;
    if (!block || offset <= block.open) continue;
    if (block.close === undefined || offset <= block.close) found = node;
  }
  return found;
}

/** The context the top level of `file` stands in, in this configuration. */
export function topContext(config: LoadedConfig, file: string): Context {
  if (config.root.path === file) return config.context;
  for (const node of nodesOfFile(config, file)) {
    if (!node.parent || node.parent.file.path !== file || node.via) return node.context;
  }
  // An empty included file: the include that brings it in says where it stands.
  let found: Context | undefined;
  walk(config.nodes, (node) => {
    const arg = node.directive.args[0];
    if (found || node.directive.name.value !== "include" || !arg) return;
    if (path.resolve(config.prefix, arg.value) === file) found = node.context;
  });
  return found ?? "http:http";
}

/** The context a statement typed at `offset` in `file` would stand in. */
export function contextAt(config: LoadedConfig, file: string, offset: number): Context {
  const block = enclosingBlock(config, file, offset);
  if (!block) return topContext(config, file);
  // Every node of a body stands in the same context; an empty body's is the one its block opens.
  return block.children[0]?.context ?? innerContext(block.directive.name.value, block.context) ?? "unknown";
}

/** Which word of a directive holds `offset`: -1 for the name, the argument's index, or undefined. */
export function wordIndexAt(directive: Directive, offset: number): number | undefined {
  if (directive.name.start <= offset && offset <= directive.name.end) return -1;
  const index = directive.args.findIndex((arg) => arg.start <= offset && offset <= arg.end);
  return index === -1 ? undefined : index;
}

/** The word (name or argument) of a directive that holds `offset`. */
export function wordAt(directive: Directive, offset: number): Word | undefined {
  const index = wordIndexAt(directive, offset);
  if (index === undefined) return undefined;
  return index === -1 ? directive.name : directive.args[index];
}

/** A `$name` or `${name}` reference in the source text, with its offsets (the `$` included). */
export interface VariableReference {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

const VARIABLE = /\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g;

/** The variable reference inside `word` (read from the source text) that holds `offset`. */
export function variableAt(text: string, word: Word, offset: number): VariableReference | undefined {
  const source = text.slice(word.start, word.end);
  for (const match of source.matchAll(VARIABLE)) {
    const start = word.start + (match.index ?? 0);
    const end = start + match[0].length;
    if (start <= offset && offset <= end) return { name: match[1] ?? match[2] ?? "", start, end };
  }
  return undefined;
}

/**
 * The statement of a parsed file that `offset` is inside of, between its name and its end (its `;`, the
 * `{` of its block, or where it was cut short): the one whose arguments are being typed.
 */
export function statementAt(parsed: ParsedFile, offset: number): Directive | undefined {
  let list: readonly Directive[] = parsed.directives;
  for (let depth = 0; depth < 1000; depth++) {
    let last: Directive | undefined;
    for (const d of list) {
      if (d.name.start >= offset) break;
      last = d;
    }
    if (!last) return undefined;
    const block = last.block;
    if (block && block.open < offset) {
      if (block.close !== undefined && offset > block.close) return undefined;
      list = block.children;
      continue;
    }
    const terminated = last.semicolon !== undefined ? last.semicolon < offset : last.raw !== undefined;
    return terminated ? undefined : last;
  }
  return undefined;
}

/** The index of the comment (by offsets) holding `offset`, or -1. Comments are sorted by position. */
export function commentAt(parsed: ParsedFile, offset: number): number {
  let low = 0;
  let high = parsed.comments.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const comment = parsed.comments[mid];
    if (!comment) break;
    if (offset < comment.start) high = mid - 1;
    else if (offset > comment.end) low = mid + 1;
    else return mid;
  }
  return -1;
}
