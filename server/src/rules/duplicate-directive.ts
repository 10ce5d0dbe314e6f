// Most directives store one value per block: nginx refuses a second one in the same block with
// `"gzip" directive is duplicate`. Which ones do is a fact of each directive's handler (see
// `repeatRule`); array-like ones (`add_header`, `proxy_set_header`, ...) repeat freely. nginx also
// refuses one `listen` address twice in a server and one prefix or exact `location` twice at a level.

import type { ConfigNode } from "../analysis/config";
import { Severity, type Fix, type TextEdit } from "../analysis/finding";
import { ALL_DIRECTIVES, repeatRule } from "../model/directives";
import { nameSpan, nodeRule, type RuleContext, statementLineSpan, statementSpan } from "./rule";

let candidates: Set<string> | undefined;

/** The names some record of which refuses a repeat, `listen` (by address) and `location` (by path). */
function mayRefuse(): ReadonlySet<string> {
  if (!candidates) {
    candidates = new Set(["listen", "location"]);
    for (const fact of ALL_DIRECTIVES) if (repeatRule(fact) !== "accepted") candidates.add(fact.name);
  }
  return candidates;
}

/** What one block has set so far, while its statements are visited. */
interface Frame {
  readonly parent: ConfigNode | undefined;
  readonly first: Map<string, ConfigNode>;
  /** For directives whose handler only refuses `off` beside other values: the first `off` seen. */
  readonly firstOff: Map<string, ConfigNode>;
  /** The addresses an http server listens on: nginx refuses the same one twice ("a duplicate listen"). */
  readonly listens: Map<string, ConfigNode>;
  /** Prefix and exact locations by path: nginx refuses the same one twice ("duplicate location"). */
  readonly locations: Map<string, ConfigNode>;
}

export const duplicateDirective = nodeRule({
  id: "duplicate-directive",
  defaultSeverity: Severity.Error,
  description: 'A directive nginx accepts once per block, written twice in one block ("is duplicate").',
  // Only the names that can be a refused repeat are handed over, in file order (depth first).
  visits: { kinds: ["ok"], names: [...mayRefuse()] },
  visit(node, ctx, { severity, resolution }) {
    const frame = frameOf(
      node,
      ctx.shared("duplicate-directive", () => [] as Frame[]),
    );
    const name = node.directive.name.value;
    if (name === "location") {
      const path = locationKey(node);
      if (path === undefined) return;
      const earlier = frame.locations.get(path);
      if (!earlier) frame.locations.set(path, node);
      else
        // No fix: which of two location blocks is meant, and what to merge, is the user's call.
        ctx.report({
          ...statementLineSpan(node),
          code: this.id,
          severity,
          message: `"location ${path}" is already defined at this level: nginx refuses it ("duplicate location")`,
          related: [{ ...nameSpan(earlier), message: "the first one" }],
        });
      return;
    }
    if (node.context === "http:server" && name === "listen") {
      // A QUIC listen is a UDP socket: `listen 443 ssl;` and `listen 443 quic;` are two addresses.
      const quic = node.directive.args.some((a, k) => k > 0 && a.value === "quic");
      const tcp = listenAddress(node.directive.args[0]?.value ?? "");
      const address = tcp === undefined ? undefined : quic ? `${tcp} (quic)` : tcp;
      const earlier = address === undefined ? undefined : frame.listens.get(address);
      if (earlier) reportDuplicate(ctx, this.id, severity, earlier, node, `the address ${address}`);
      else if (address !== undefined) frame.listens.set(address, node);
      return;
    }
    const rule = repeatRule(resolution.fact);
    if (rule === "accepted") return;
    const earlier = frame.first.get(name);
    const isOff = node.directive.args.length === 1 && node.directive.args[0]?.value === "off";
    if (!earlier) {
      frame.first.set(name, node);
      if (isOff) frame.firstOff.set(name, node);
      return;
    }
    if (rule === "refused") {
      reportDuplicate(ctx, this.id, severity, earlier, node);
      return;
    }
    const off = frame.firstOff.get(name);
    if (off || isOff) reportDuplicate(ctx, this.id, severity, off ?? earlier, node);
  },
});

/**
 * The frame of a node's block. Nodes come depth first, so the open blocks form a stack: frames of
 * blocks that are not the node's ancestors are finished and dropped, which keeps the stack as deep
 * as the nesting and the check linear.
 */
function frameOf(node: ConfigNode, stack: Frame[]): Frame {
  const parent = node.parent;
  for (;;) {
    const top = stack[stack.length - 1];
    if (!top) break;
    if (top.parent === parent) return top;
    if (top.parent === undefined || isAncestor(top.parent, parent)) break;
    stack.pop();
  }
  const frame: Frame = {
    parent,
    first: new Map(),
    firstOff: new Map(),
    listens: new Map(),
    locations: new Map(),
  };
  stack.push(frame);
  return frame;
}

function isAncestor(candidate: ConfigNode, node: ConfigNode | undefined): boolean {
  for (let n = node; n; n = n.parent) if (n === candidate) return true;
  return false;
}

/**
 * How nginx tells locations apart when it looks for duplicates: prefix ones (plain or `^~`) by path,
 * exact ones (`=`) by path among themselves. Regex and named locations may repeat: undefined.
 */
function locationKey(node: ConfigNode): string | undefined {
  const args = node.directive.args;
  const first = args[0]?.value;
  if (first === undefined) return undefined;
  if (first === "=" || first === "^~") {
    const path = args[1]?.value;
    return path === undefined ? undefined : first === "=" ? `= ${path}` : path;
  }
  if (first.startsWith("~") || first.startsWith("@")) return undefined;
  if (first.startsWith("^~")) return first.slice(2);
  if (first.startsWith("=")) return `= ${first.slice(1)}`;
  return first;
}

/**
 * A `listen` address as nginx compares them within a server: a bare port is `*:port`, a host without a
 * port listens on 80. Undefined for what is not plainly an address (variables, empty).
 */
export function listenAddress(raw: string): string | undefined {
  // A configuration repeats a few addresses many times: each is worked out once.
  if (addresses.has(raw)) return addresses.get(raw);
  const address = parseListenAddress(raw);
  if (addresses.size < 10_000) addresses.set(raw, address);
  return address;
}

const addresses = new Map<string, string | undefined>();

function parseListenAddress(raw: string): string | undefined {
  const value = raw.toLowerCase();
  if (value === "" || value.includes("$")) return undefined;
  if (value.startsWith("unix:")) return value;
  if (/^\d+$/.test(value)) return `0.0.0.0:${value}`;
  const v6 = /^(\[[^\]]*\])(?::(\d+))?$/.exec(value);
  if (v6) return `${v6[1] ?? ""}:${v6[2] ?? "80"}`;
  const v4 = /^([^:]+)(?::(\d+))?$/.exec(value);
  if (!v4) return undefined;
  const host = v4[1] === "*" ? "0.0.0.0" : (v4[1] ?? "");
  return `${host}:${v4[2] ?? "80"}`;
}

function reportDuplicate(
  ctx: RuleContext,
  code: string,
  severity: Severity,
  earlier: ConfigNode,
  node: ConfigNode,
  what?: string,
): void {
  const name = node.directive.name.value;
  const valueOf = (n: ConfigNode): string => n.directive.args.map((a) => a.value).join(" ");
  const same = valueOf(earlier) === valueOf(node);
  let fixes: Fix[];
  if (same) {
    fixes = [{ title: `Remove the repeated "${name}"`, edits: [removal(node)], preferred: true }];
  } else {
    // Which value was meant is the user's call: neither is applied unasked.
    fixes = [
      {
        title: `Keep "${name} ${valueOf(earlier)}" (remove the later one)`,
        edits: [removal(node)],
        preferred: false,
      },
      {
        title: `Keep "${name} ${valueOf(node)}" (remove the earlier one)`,
        edits: [removal(earlier)],
        preferred: false,
      },
    ];
  }
  ctx.report({
    ...statementLineSpan(node),
    code,
    severity,
    message: what
      ? `"${name}" repeats ${what} of this server: nginx refuses it ("a duplicate ${name}")`
      : `"${name}" is already set in this block: nginx accepts it once per block ("is duplicate")`,
    related: [{ ...statementSpan(earlier), message: `the first "${name}"` }],
    fixes,
  });
}

/** An edit deleting a statement: its whole line when nothing else stands on it, else just the statement. */
function removal(node: ConfigNode): TextEdit {
  const text = node.file.parsed.text;
  const span = statementSpan(node);
  let start = span.start;
  while (start > 0 && (text[start - 1] === " " || text[start - 1] === "\t")) start--;
  let end = span.end;
  while (end < text.length && (text[end] === " " || text[end] === "\t")) end++;
  const lineStartsHere = start === 0 || text[start - 1] === "\n" || text[start - 1] === "\r";
  if (lineStartsHere && (end === text.length || text[end] === "\n" || text[end] === "\r")) {
    if (text[end] === "\r" && text[end + 1] === "\n") end += 2;
    else if (end < text.length) end++;
    return { file: span.file, start, end, newText: "" };
  }
  return { file: span.file, start: span.start, end: span.end, newText: "" };
}

/**
 * Whether a statement of `node`'s block, renamed or written as `name`, would be refused as a repeat
 * of one already there: fixes use it so that none adds a duplicate.
 */
export function wouldRepeat(
  node: ConfigNode,
  name: string,
  ctx: RuleContext,
  args?: readonly string[],
): boolean {
  const siblings = node.parent ? node.parent.children : ctx.config.nodes;
  for (let i = 0; i < siblings.length; i++) {
    const other = siblings[i] as ConfigNode;
    if (other === node || other.directive.name.value !== name) continue;
    const resolution = ctx.resolver.resolve(other);
    if (resolution.kind !== "ok") continue;
    const rule = repeatRule(resolution.fact);
    if (rule === "refused") return true;
    const values = args ?? node.directive.args.map((a) => a.value);
    const isOff = (list: readonly string[]) => list.length === 1 && list[0] === "off";
    if (rule === "refused-with-off" && (isOff(values) || isOff(other.directive.args.map((a) => a.value))))
      return true;
  }
  return false;
}
