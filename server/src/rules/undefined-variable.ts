// nginx refuses to start when a directive uses a variable nothing defines, and says only
// `unknown "connection_upgrade" variable`, with no file or line. This rule names the place.

import type { ConfigNode } from "../analysis/config";
import { definedName, definingArgument } from "../analysis/variables";
import { quoteOf, type Word } from "../parser/ast";
import { Severity } from "../analysis/finding";
import { BUILTIN_VARIABLES, NOT_DEFINED_BY_NGINX, type VariableFact } from "../model/variables";
import { compareVersions, formatVersion, parseVersion, type Version } from "../model/version";
import { type Rule, type RuleContext } from "./rule";

const builtinNames = new Map<string, VariableFact>();
for (const v of BUILTIN_VARIABLES) {
  const known = builtinNames.get(v.name);
  // A name both subsystems define counts from the older of its versions.
  if (
    !v.prefix &&
    (!known || (known.since !== undefined && (v.since === undefined || older(v.since, known.since))))
  )
    builtinNames.set(v.name, v);
}
const builtinPrefixes = BUILTIN_VARIABLES.filter((v) => v.prefix);

function older(a: string, b: string): boolean {
  return compareVersions(parseVersion(a) ?? [0, 0, 0], parseVersion(b) ?? [0, 0, 0]) < 0;
}

/**
 * Directives whose arguments nginx never expands, so a `$` in them is plain text: file names read at
 * start-up, and code handed to an interpreter (Perl code, njs module paths and function names).
 */
const LITERAL_DIRECTIVES = new Set([
  "include",
  "error_log",
  "pid",
  "env",
  "load_module",
  "lock_file",
  "user",
  "perl",
  "perl_modules",
  "perl_require",
  "js_import",
  "js_include",
  "js_path",
  "js_preload_object",
  "js_content",
  "js_access",
  "js_preread",
  "js_filter",
  "js_header_filter",
  "js_body_filter",
  "js_periodic",
]);

/** Directives whose argument at an index is code or a function name, not a template (`perl_set $v 'sub {...}'`). */
const LITERAL_ARGUMENT: Readonly<Record<string, number>> = { perl_set: 1, js_set: 1 };

const NAMED_CAPTURE = /\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>|\(\?'([A-Za-z_][A-Za-z0-9_]*)'/g;
const VARIABLE = /\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g;

/**
 * The built-in variable or family a name is (exactly, or by a prefix such as `http_`: nginx accepts
 * any suffix there, even an empty one), or undefined.
 */
function builtinFact(name: string): VariableFact | undefined {
  return builtinNames.get(name) ?? builtinPrefixes.find((prefix) => name.startsWith(prefix.name));
}

/** True when a name is built into nginx (exactly, or by a prefix family), at the target version if given. */
export function isBuiltinVariable(name: string, target?: Version): boolean {
  if (/^[0-9]+$/.test(name)) return true;
  if (NOT_DEFINED_BY_NGINX.has(name)) return false;
  const fact = builtinFact(name);
  if (!fact) return false;
  if (!target || fact.since === undefined) return true;
  return compareVersions(target, parseVersion(fact.since) ?? [0, 0, 0]) >= 0;
}

/** Records the variables a regex's named captures define (`(?<name>...)`, `(?P<name>...)`, `(?'name'...)`). */
function addCaptures(regex: string, node: ConfigNode, defined: Map<string, ConfigNode>): void {
  for (const match of regex.matchAll(NAMED_CAPTURE)) {
    const name = match[1] ?? match[2];
    if (name && !defined.has(name)) defined.set(name, node);
  }
}

interface Reference {
  readonly name: string;
  readonly braced: boolean;
  readonly index: number;
  readonly length: number;
}

/** The `$name` / `${name}` references in a text, memoized per analysis: arguments repeat across a config. */
function references(text: string, referenceCache: Map<string, readonly Reference[]>): readonly Reference[] {
  let found = referenceCache.get(text);
  if (!found) {
    found = [...text.matchAll(VARIABLE)].map((m) => ({
      name: m[1] ?? m[2] ?? "",
      braced: m[1] !== undefined,
      index: m.index ?? 0,
      length: m[0].length,
    }));
    referenceCache.set(text, found);
  }
  return found;
}

/** The argument indexes of a node that are regular expressions (where `$` is an anchor). */
function isRegexArgument(node: ConfigNode, index: number): boolean {
  const d = node.directive;
  const name = d.name.value;
  const value = d.args[index]?.value ?? "";
  if (value.startsWith("~")) return true;
  if (name === "location") return true;
  if (name === "rewrite" && index === 0) return true;
  // The regex that splits a PHP path: its `$` is an anchor.
  if (name === "fastcgi_split_path_info") return true;
  if (name === "if" && index > 0) {
    const operator = d.args[index - 1]?.value ?? "";
    return /^!?~\*?$/.test(operator);
  }
  return false;
}

export const undefinedVariable: Rule = {
  id: "undefined-variable",
  defaultSeverity: Severity.Error,
  description: "A $variable that nginx does not build in and that no set, map, geo or regex capture defines.",
  check(ctx: RuleContext) {
    // Only a whole configuration shows every definition; in a fragment the includer may define it.
    const fallback = ctx.complete && !ctx.loadsDynamicModules ? Severity.Error : Severity.Warning;
    const severity = ctx.severity(this.id, fallback);
    if (severity === "off") return;
    // One pass collects the definitions and the arguments that use variables; a config of a million
    // lines has few of the latter, which are then checked against all the former.
    const defined = new Map<string, ConfigNode>();
    // Kept as two parallel lists: a million-line config can have a hundred thousand uses.
    const useNodes: ConfigNode[] = [];
    const useArgs: Word[] = [];
    const nodes = ctx.nodes;
    for (let n = 0; n < nodes.length; n++) {
      const node = nodes[n] as ConfigNode;
      const d = node.directive;
      const definedAt = definingArgument(node);
      if (definedAt >= 0) {
        const name = definedName(node);
        if (name !== undefined && !defined.has(name)) defined.set(name, node);
      }
      const literal = LITERAL_DIRECTIVES.has(d.name.value) || node.context === "unknown";
      const table = node.context === "table";
      for (let i = -1; i < d.args.length; i++) {
        const word = i < 0 ? d.name : (d.args[i] as Word);
        const value = word.value;
        if (value.includes("(?")) addCaptures(value, node, defined);
        if (i < 0 || literal || i === definedAt || !value.includes("$")) continue;
        if (LITERAL_ARGUMENT[d.name.value] === i) continue;
        // In a table the keys (regexes, often) are the names; only values can use variables.
        if (!table && isRegexArgument(node, i)) continue;
        useNodes.push(node);
        useArgs.push(word);
      }
    }
    const referenceCache = new Map<string, readonly Reference[]>();
    // The same few names ($host, $uri, ...) are used again and again: ask about each once.
    const builtinCache = new Map<string, boolean>();
    const envsubstTemplate = /\.template$/.test(ctx.config.root.path);
    for (let u = 0; u < useNodes.length; u++) {
      const node = useNodes[u] as ConfigNode;
      const arg = useArgs[u] as Word;
      // Most arguments are written without escapes, so the value's offsets are the source's.
      const quoted = quoteOf(arg, node.file.parsed.text) !== null;
      const plain = arg.end - arg.start === arg.value.length + (quoted ? 2 : 0);
      const source = plain ? arg.value : node.file.parsed.text.slice(arg.start, arg.end);
      const base = plain && quoted ? arg.start + 1 : arg.start;
      const found = references(source, referenceCache);
      for (let r = 0; r < found.length; r++) {
        const reference = found[r] as Reference;
        const { name, braced } = reference;
        if (defined.has(name)) continue;
        let builtin = builtinCache.get(name);
        if (builtin === undefined) {
          builtin = isBuiltinVariable(name, ctx.target);
          builtinCache.set(name, builtin);
        }
        if (builtin) continue;
        // Docker's envsubst fills ${UPPER_CASE} placeholders in *.template files before nginx reads them.
        if (braced && envsubstTemplate) continue;
        const start = base + reference.index;
        let message = `Unknown variable "$${name}": nginx does not define it and no set, map or geo in this configuration does`;
        const why = NOT_DEFINED_BY_NGINX.get(name);
        if (why !== undefined) message = `Unknown variable "$${name}": ${why}`;
        const newer = why === undefined ? builtinFact(name)?.since : undefined;
        if (newer !== undefined)
          message = `Unknown variable "$${name}": nginx ${formatVersion(ctx.target)} does not define it yet (it appeared in nginx ${newer})`;
        if (name === "connection_upgrade") {
          message +=
            ". Define it in the http block: map $http_upgrade $connection_upgrade { default upgrade; '' close; }";
        }
        if (!ctx.complete) message += " (an including file may define it)";
        ctx.report({
          file: node.file.path,
          start,
          end: start + reference.length,
          code: this.id,
          severity,
          message,
        });
      }
    }
  },
};
