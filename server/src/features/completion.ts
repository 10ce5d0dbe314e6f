// Completion: directive names valid where the cursor stands (with their arguments as a snippet), values
// of on/off and keyword arguments, upstream names after `proxy_pass http://`, and variables after `$`.

import { walk } from "../analysis/config";
import { DIRECTIVE_DOCS } from "../model/directive-docs";
import {
  allDirectiveNames,
  allowsContext,
  factAtVersion,
  factsFor,
  type Context,
  type DirectiveFact,
} from "../model/directives";
import type { Version } from "../model/version";
import type { ParsedFile } from "../parser/ast";
import type { Analysis } from "../service";
import { directiveMarkdown, factFor } from "./docs";
import { commentAt, contextAt, statementAt } from "./nodes";
import { builtinVariables, variableDefinitions, variableSubsystem } from "./variables";

export type CompletionKind = "directive" | "variable" | "value" | "upstream";

/** One completion proposal: what to show, what to insert (plain, and as a snippet when it has one). */
export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  readonly documentation?: string;
  readonly insertText: string;
  /** An LSP snippet (`${1:URL}` placeholders) for clients that take them. */
  readonly snippet?: string;
  /** Offsets of the text the entry replaces (the partial word before the cursor). */
  readonly start: number;
  readonly end: number;
  readonly sortText?: string;
}

const WORD_CHAR = /[A-Za-z0-9_]/;

/** Escapes the characters a snippet treats specially. */
function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, "\\$&");
}

function escapeChoice(text: string): string {
  return text.replace(/[\\$}|,]/g, "\\$&");
}

/**
 * The snippet for a directive, from its first syntax line: required arguments become placeholders
 * (`proxy_pass ${1:URL};`), a choice of words becomes a choice (`${1|on,off|}`), optional parts in
 * brackets are left out, and a block gets its braces.
 */
export function directiveSnippet(fact: DirectiveFact): string {
  const syntax = fact.syntax?.[0];
  const values = fact.arity?.flag ? ["on", "off"] : (fact.enum_values ?? undefined);
  const tail = fact.block ? " {\n\t$0\n}" : ";";
  if (!syntax) {
    const min = fact.arity?.min ?? 0;
    const args = values ? ` \${1|${values.map(escapeChoice).join(",")}|}` : "";
    const placeholders = values ? "" : Array.from({ length: min }, (_, i) => ` \${${i + 1}:value}`).join("");
    return `${fact.name}${args}${placeholders}${tail}`;
  }
  let body = syntax.trim().replace(/[;]\s*$/, "");
  body = body.replace(/\{\s*\.\.\.\s*\}\s*$/, "").trim();
  if (body.startsWith(fact.name)) body = body.slice(fact.name.length);
  // Drop optional parts, innermost first: `[ = | ~ ]`, `[parameters]`.
  for (let previous = ""; previous !== body;) {
    previous = body;
    body = body.replace(/\[[^[\]]*\]/g, " ");
  }
  const tokens = body.split(/\s+/).filter((t) => t !== "" && t !== "...");
  // Alternatives: `number | auto` is one argument with a choice.
  const groups: string[][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (token === "|" && groups.length > 0) {
      const next = tokens[++i];
      if (next !== undefined) groups[groups.length - 1]?.push(next);
    } else if (token.includes("|") && !token.startsWith("|")) {
      groups.push(token.split("|").filter((t) => t !== ""));
    } else groups.push([token]);
  }
  let index = 0;
  const args = groups.map((group) => {
    index++;
    if (group.length === 1 && values && groups.length === 1) {
      return `\${${index}|${values.map(escapeChoice).join(",")}|}`;
    }
    if (group.length > 1) return `\${${index}|${group.map(escapeChoice).join(",")}|}`;
    return `\${${index}:${escapeSnippet(group[0] as string)}}`;
  });
  return [fact.name, ...args].join(" ") + tail;
}

/** The statement-start position test: only `;`, `{`, `}`, comments and white space before the word. */
function startsStatement(parsed: ParsedFile, wordStart: number): boolean {
  const text = parsed.text;
  let at = wordStart - 1;
  while (at >= 0) {
    const c = text[at] as string;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      at--;
      continue;
    }
    const comment = commentAt(parsed, at);
    if (comment >= 0) {
      at = (parsed.comments[comment]?.start ?? 0) - 1;
      continue;
    }
    return c === ";" || c === "{" || c === "}";
  }
  return true;
}

/** Directive names usable in a context at the target version. */
function directivesFor(context: Context, target: Version, start: number, end: number): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  for (const name of allDirectiveNames()) {
    const usable = factsFor(name)
      .filter((f) => f.origin === "nginx" || f.origin === "docs_only")
      .map((f) => factAtVersion(f, target))
      .find((f): f is DirectiveFact => f !== undefined && allowsContext(f, context));
    if (!usable) continue;
    out.push({
      label: name,
      kind: "directive",
      detail: usable.syntax?.join("  |  ") ?? usable.module,
      documentation: directiveMarkdown(usable, { heading: false }),
      insertText: name,
      snippet: directiveSnippet(usable),
      start,
      end,
      // Documented (common) directives first.
      sortText: `${DIRECTIVE_DOCS[name] ? "0" : "1"}${name}`,
    });
  }
  return out;
}

function variablesFor(
  analysis: Analysis,
  context: Context,
  start: number,
  end: number,
  braced: boolean,
): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  const seen = new Set<string>();
  const close = braced ? "}" : "";
  for (const [name, defs] of variableDefinitions(analysis.config.allNodes)) {
    seen.add(name);
    const first = defs[0];
    out.push({
      label: name,
      kind: "variable",
      detail: first ? `defined by ${first.directive.name.value}` : undefined,
      insertText: name + close,
      start,
      end,
      sortText: `0${name}`,
    });
  }
  for (const fact of builtinVariables(variableSubsystem(context))) {
    if (seen.has(fact.name)) continue;
    seen.add(fact.name);
    out.push({
      label: fact.prefix ? `${fact.name}*` : fact.name,
      kind: "variable",
      detail: fact.module,
      documentation: fact.summary,
      insertText: fact.name + close,
      snippet: fact.prefix ? `${fact.name}\${1:name}${close}` : undefined,
      start,
      end,
      sortText: `1${fact.name}`,
    });
  }
  return out;
}

/** Completions at `offset` in `file`, whose current text is `parsed`. */
export function completeAt(
  analysis: Analysis,
  file: string,
  parsed: ParsedFile,
  offset: number,
  target: Version,
): CompletionEntry[] {
  const text = parsed.text;
  offset = Math.max(0, Math.min(offset, text.length));
  // Inside a comment nothing is code (at its `#` the cursor still stands before it).
  const comment = parsed.comments[commentAt(parsed, offset)];
  if (comment && comment.start < offset) return [];
  let start = offset;
  while (start > 0 && WORD_CHAR.test(text[start - 1] as string)) start--;
  const context = contextAt(analysis.config, file, offset);
  const braced = text[start - 1] === "{" && text[start - 2] === "$";
  if (text[start - 1] === "$" || braced) return variablesFor(analysis, context, start, offset, braced);
  if (startsStatement(parsed, start)) return directivesFor(context, target, start, offset);
  // An argument: the values a keyword argument takes, or an upstream after `..._pass http://`.
  const directive = statementAt(parsed, offset);
  if (!directive || directive.name.end >= start) return [];
  const name = directive.name.value;
  const before = text.slice(directive.name.end, start);
  if (/_pass$/.test(name) && /(^|\s)([a-z]+:\/\/)?$/.test(before)) {
    const upstreams: CompletionEntry[] = [];
    walk(analysis.config.nodes, (node) => {
      const arg = node.directive.args[0];
      if (node.directive.name.value === "upstream" && node.directive.block && arg) {
        upstreams.push({
          label: arg.value,
          kind: "upstream",
          detail: "upstream",
          insertText: arg.value,
          start,
          end: offset,
        });
      }
    });
    return upstreams;
  }
  const fact = factFor(name, context, target);
  const values = fact?.arity?.flag ? ["on", "off"] : (fact?.enum_values ?? fact?.bitmask_values ?? []);
  return values.map((value) => ({ label: value, kind: "value", insertText: value, start, end: offset }));
}
