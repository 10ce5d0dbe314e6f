// The rewrite module's directives as nginx runs them in a block (server-level ones before the location
// search, a location's after it): `set`, `rewrite`, `return`, `break` and `if`, in the order written,
// with an `if` body inlined into its block's sequence (a true `if` whose body does not stop the
// sequence lets the directives after it run, and leaves its own configuration in effect). Variables
// are those of the request; a variable this engine cannot know (a `map`, the file system, an upstream)
// makes the outcome undecidable rather than guessed.

import type { ConfigNode } from "../analysis/config";
import { compileNginxRegex, execNginxRegex } from "./regex";

/** The request as the rewrite module sees it, changed by what it runs. */
export interface ScriptState {
  uri: string;
  args: string;
  hasArgs: boolean;
  method: string;
  readonly rawTarget: string;
  /** Header names lower-cased, values as sent. */
  readonly headers: readonly (readonly [string, string])[];
  /** The validated Host, "" when absent. */
  readonly host: string;
  /** The first server_name of the chosen server. */
  serverName: string;
  readonly scheme: string;
  readonly serverPort: number;
  readonly serverAddress: string | undefined;
  readonly remoteAddress: string | undefined;
  /** Whether the request target held a %XX escape or a "+" (then nginx escapes captures it copies). */
  readonly quotedTarget: boolean;
  captures: readonly (string | undefined)[];
  readonly variables: Map<string, string>;
  /** Variables some `set` in the configuration declares: empty until a `set` gives them a value. */
  readonly declared: ReadonlySet<string>;
  /** Variables a `set` gave a value the engine does not know: reading one is undecidable. */
  readonly unknown: Set<string>;
  /** Set once a rewrite changed the URI: nginx then treats the request as internal. */
  internal: boolean;
}

export type ScriptOutcome =
  /** The sequence ran to its end; `level` is the block whose configuration is in effect (an `if` that was true, or the block). */
  | { readonly kind: "end"; readonly level: ConfigNode; readonly uriChanged: boolean }
  | { readonly kind: "last"; readonly node: ConfigNode }
  | { readonly kind: "break"; readonly level: ConfigNode; readonly uriChanged: boolean }
  | {
      readonly kind: "return";
      readonly status: number;
      readonly text: string | undefined;
      readonly node: ConfigNode;
      readonly level: ConfigNode;
    }
  | { readonly kind: "undecidable"; readonly why: string; readonly node: ConfigNode };

export interface ScriptStep {
  readonly text: string;
  readonly node: ConfigNode;
}

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

type Expanded = { ok: true; value: string } | { ok: false; why: string };

/** The value of a variable for this request, undefined when unknown to the engine. */
function variable(state: ScriptState, name: string): string | undefined {
  if (/^\d$/.test(name)) return state.captures[Number(name)] ?? "";
  const own = state.variables.get(name);
  if (own !== undefined) return own;
  // A variable of a `set` that has not run for this request is nginx's "uninitialized": empty.
  if (state.declared.has(name)) return "";
  switch (name) {
    case "uri":
    case "document_uri":
      return state.uri;
    case "request_uri":
      return state.rawTarget;
    case "args":
    case "query_string":
      return state.args;
    case "is_args":
      return state.args.length > 0 ? "?" : "";
    case "request_method":
      return state.method;
    case "host":
      return state.host !== "" ? state.host : state.serverName;
    case "server_name":
      return state.serverName;
    case "scheme":
      return state.scheme;
    case "https":
      return state.scheme === "https" ? "on" : "";
    case "server_port":
      return String(state.serverPort);
    case "server_addr":
      return state.serverAddress;
    case "remote_addr":
    case "binary_remote_addr":
      return name === "remote_addr" ? state.remoteAddress : undefined;
    case "server_protocol":
      return "HTTP/1.1";
    case "content_type":
      return header(state, "content-type") ?? "";
    case "content_length":
      return header(state, "content-length") ?? "";
  }
  if (name.startsWith("http_")) return header(state, name.slice(5).replace(/_/g, "-")) ?? "";
  if (name.startsWith("arg_")) return argument(state.args, name.slice(4)) ?? "";
  if (name.startsWith("cookie_")) return cookie(state, name.slice(7)) ?? "";
  return undefined;
}

function header(state: ScriptState, name: string): string | undefined {
  return state.headers.find(([n]) => n === name.toLowerCase())?.[1];
}

function argument(args: string, name: string): string | undefined {
  for (const pair of args.split("&")) {
    const eq = pair.indexOf("=");
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (key.toLowerCase() === name.toLowerCase() && eq >= 0) return pair.slice(eq + 1);
  }
  return undefined;
}

function cookie(state: ScriptState, name: string): string | undefined {
  const value = header(state, "cookie");
  if (value === undefined) return undefined;
  for (const part of value.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key?.toLowerCase() === name.toLowerCase()) return rest.join("=");
  }
  return undefined;
}

/** Expands `$name`, `${name}` and `$1` in a directive's argument. */
export function expand(state: ScriptState, text: string): Expanded {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch !== "$") {
      out += ch;
      continue;
    }
    let name: string;
    if (text[i + 1] === "{") {
      const close = text.indexOf("}", i + 2);
      if (close < 0) return { ok: false, why: `an unclosed "\${" in "${text}"` };
      name = text.slice(i + 2, close);
      i = close;
    } else if (/\d/.test(text[i + 1] ?? "")) {
      name = text[i + 1] as string;
      i += 1;
    } else {
      const match = /^[A-Za-z0-9_]+/.exec(text.slice(i + 1));
      if (!match) {
        out += ch;
        continue;
      }
      name = match[0];
      i += name.length;
    }
    const value = variable(state, name);
    if (value === undefined) return { ok: false, why: `the value of $${name} is not known to the engine` };
    out += value;
  }
  return { ok: true, value: out };
}

/** Reads an `if` condition's words: the parentheses stripped from the first and last. */
function conditionWords(node: ConfigNode): string[] {
  const words = node.directive.args.map((a) => a.value);
  if (words.length === 0) return [];
  words[0] = (words[0] as string).replace(/^\(/, "");
  words[words.length - 1] = (words[words.length - 1] as string).replace(/\)$/, "");
  return words.filter((w, i) => w !== "" || (i > 0 && i < words.length - 1));
}

type Truth = { ok: true; value: boolean } | { ok: false; why: string };

function evaluate(state: ScriptState, node: ConfigNode): Truth {
  const words = conditionWords(node);
  const [first, operator, operand] = words;
  if (first === undefined) return { ok: false, why: "an empty if condition" };
  if (/^!?-[fdex]$/.test(first)) return { ok: false, why: `"${first}" tests the file system` };
  const subject = expand(state, first);
  if (!subject.ok) return subject;
  if (operator === undefined) return { ok: true, value: subject.value !== "" && subject.value !== "0" };
  if (operand === undefined || words.length > 3)
    return { ok: false, why: "an if condition the engine does not read" };
  if (operator === "=" || operator === "!=") {
    const right = expand(state, operand);
    if (!right.ok) return right;
    return { ok: true, value: (subject.value === right.value) === (operator === "=") };
  }
  const regexOps: Record<string, [boolean, boolean]> = {
    "~": [false, true],
    "~*": [true, true],
    "!~": [false, false],
    "!~*": [true, false],
  };
  const op = regexOps[operator];
  if (!op) return { ok: false, why: `the if operator "${operator}" is not read by the engine` };
  const outcome = execNginxRegex(compileNginxRegex(operand, op[0]), subject.value);
  if (outcome.kind === "undecidable") return { ok: false, why: outcome.why };
  if (outcome.kind === "match" && op[1]) state.captures = outcome.groups;
  return { ok: true, value: (outcome.kind === "match") === op[1] };
}

/**
 * Runs the rewrite-module directives of one block's effective body (`if` bodies inline; nested
 * locations are not part of it) and says how the sequence ended.
 */
export function runScript(
  level: ConfigNode,
  state: ScriptState,
  report: (step: ScriptStep) => void,
): ScriptOutcome {
  let uriChanged = false;
  let current = level;
  const run = (nodes: readonly ConfigNode[]): ScriptOutcome | undefined => {
    for (const node of nodes) {
      const name = node.directive.name.value;
      const args = node.directive.args.map((a) => a.value);
      switch (name) {
        case "set": {
          const [variableName, value] = args;
          if (!variableName?.startsWith("$") || value === undefined) continue;
          const expanded = expand(state, value);
          if (!expanded.ok) {
            // An unknown value only matters if something reads it: remember it as unknown.
            state.variables.delete(variableName.slice(1));
            unknown.add(variableName.slice(1));
            continue;
          }
          unknown.delete(variableName.slice(1));
          state.variables.set(variableName.slice(1), expanded.value);
          continue;
        }
        case "break":
          report({ text: "break: the rewrite directives stop here", node });
          return { kind: "break", level: current, uriChanged };
        case "return": {
          const outcome = returnOf(node, args);
          if (outcome) return outcome;
          continue;
        }
        case "rewrite": {
          const outcome = rewrite(node, args);
          if (outcome) return outcome;
          continue;
        }
        case "if": {
          const reads = conditionWords(node).join(" ");
          const readsUnknown = [...unknown].some(
            (v) => reads.includes(`$${v}`) || reads.includes(`\${${v}}`),
          );
          if (readsUnknown)
            return {
              kind: "undecidable",
              why: "the if condition reads a variable set from an unknown value",
              node,
            };
          const truth = evaluate(state, node);
          if (!truth.ok) return { kind: "undecidable", why: truth.why, node };
          report({ text: `if (${reads}) is ${truth.value ? "true" : "false"}`, node });
          if (!truth.value) continue;
          current = node;
          const inner = run(node.children);
          if (inner) return inner;
          continue;
        }
        default:
          continue;
      }
    }
    return undefined;
  };
  const unknown = state.unknown;
  const check = (text: string): string | undefined => {
    for (const v of unknown)
      if (text.includes(`$${v}`) || text.includes(`\${${v}}`))
        return `$${v} was set from a value the engine does not know`;
    return undefined;
  };

  const returnOf = (node: ConfigNode, args: string[]): ScriptOutcome | undefined => {
    const [first, second] = args;
    if (first === undefined) return undefined;
    let status: number;
    let text: string | undefined;
    if (/^\d{3}$/.test(first)) {
      status = Number(first);
      text = second;
    } else {
      status = 302;
      text = first;
    }
    if (text !== undefined) {
      const problem = check(text);
      if (problem) return { kind: "undecidable", why: problem, node };
      const expanded = expand(state, text);
      if (!expanded.ok) return { kind: "undecidable", why: expanded.why, node };
      text = expanded.value;
    }
    report({ text: `return ${status}${text !== undefined ? ` "${text}"` : ""}`, node });
    return { kind: "return", status, text, node, level: current };
  };

  const rewrite = (node: ConfigNode, args: string[]): ScriptOutcome | undefined => {
    const [pattern, replacement, flag] = args;
    if (pattern === undefined || replacement === undefined) return undefined;
    const outcome = execNginxRegex(compileNginxRegex(pattern, false), state.uri);
    if (outcome.kind === "undecidable") return { kind: "undecidable", why: outcome.why, node };
    if (outcome.kind === "no-match") {
      report({ text: `rewrite ${pattern} does not match "${state.uri}"`, node });
      return undefined;
    }
    state.captures = outcome.groups;
    if (state.quotedTarget && /\$\d|\$\{\d\}/.test(replacement))
      return {
        kind: "undecidable",
        why: "nginx escapes the captures it copies from a URI that had %XX escapes",
        node,
      };
    const problem = check(replacement);
    if (problem) return { kind: "undecidable", why: problem, node };
    const expanded = expand(state, replacement);
    if (!expanded.ok) return { kind: "undecidable", why: expanded.why, node };
    const value = expanded.value;
    const isUrl = /^(https?:\/\/|\$scheme)/.test(replacement);
    if (isUrl || flag === "redirect" || flag === "permanent") {
      const status = flag === "permanent" ? 301 : 302;
      let target = value;
      if (state.args !== "" && !replacement.endsWith("?"))
        target += (replacement.includes("?") ? "&" : "?") + state.args;
      else if (replacement.endsWith("?")) target = target.slice(0, -1);
      report({ text: `rewrite ${pattern} -> redirect ${status} to "${target}"`, node });
      return { kind: "return", status, text: target, node, level: current };
    }
    const question = value.indexOf("?");
    if (question >= 0) {
      const newArgs = value.slice(question + 1);
      const keepOld = !replacement.endsWith("?") && state.args !== "";
      state.args = keepOld ? (newArgs === "" ? state.args : `${newArgs}&${state.args}`) : newArgs;
      state.hasArgs = state.args !== "";
      state.uri = value.slice(0, question);
    } else {
      state.uri = value;
    }
    state.internal = true;
    uriChanged = true;
    report({ text: `rewrite ${pattern} -> "${state.uri}"${flag ? ` (${flag})` : ""}`, node });
    if (flag === "last") return { kind: "last", node };
    if (flag === "break") return { kind: "break", level: current, uriChanged };
    return undefined;
  };

  const result = run(scriptOf(level));
  return result ?? { kind: "end", level: current, uriChanged };
}

const REWRITE_DIRECTIVES = new Set(["set", "break", "return", "rewrite", "if"]);
const scripts = new WeakMap<ConfigNode, ConfigNode[]>();

/** A block's rewrite-module statements, picked out once (a server can hold thousands of others). */
function scriptOf(level: ConfigNode): readonly ConfigNode[] {
  let script = scripts.get(level);
  if (!script) {
    script = level.children.filter((c) => REWRITE_DIRECTIVES.has(c.directive.name.value));
    scripts.set(level, script);
  }
  return script;
}

/** Whether a status code sends its text as a Location. */
export function isRedirectCode(status: number): boolean {
  return REDIRECT_CODES.has(status);
}
