// The location search, built the way nginx builds it at start-up so the corner cases come out the same:
// per block, the exact (`=`) and prefix locations are sorted by name (an exact one before a prefix
// one of the same name, and then merged into one entry), each prefix location takes the ones it is a
// prefix of into its own inclusive list, and the sorted list becomes a tree split at its middle
// (ngx_http_init_static_location_trees). The lookup walks that tree (ngx_http_core_find_static_location),
// then, unless the prefix it found is `^~`, tries the block's regex locations in the order written;
// nested blocks are searched the same way from the location found, innermost first.

import type { ConfigNode } from "../analysis/config";
import { PASS_DIRECTIVES } from "./handlers";
import { compileNginxRegex, execNginxRegex, toBytes, type NginxRegex } from "./regex";

export type LocationKind = "exact" | "prefix" | "prefix-noregex" | "regex" | "named";

/** One location block as the search sees it. */
export interface LocationInfo {
  readonly node: ConfigNode;
  readonly kind: LocationKind;
  /** The name as nginx stores it: a byte string (for a regex, its pattern; for a named one, "@name"). */
  readonly name: string;
  readonly regex: NginxRegex | undefined;
  /** Locations nested inside it. */
  readonly nested: LocationTable;
  /** Whether a request for its name without the final "/" is redirected (a *_pass in a "/"-ended prefix). */
  readonly autoRedirect: boolean;
}

/** The locations of one block: the static tree, the regexes in order, and (in a server) the named ones. */
export interface LocationTable {
  readonly tree: TreeNode | undefined;
  readonly regexes: readonly LocationInfo[];
  readonly named: ReadonlyMap<string, LocationInfo>;
  readonly all: readonly LocationInfo[];
}

interface TreeNode {
  /** The part of the name this node adds to its parent's (nginx stores only the difference). */
  readonly name: string;
  readonly exact: LocationInfo | undefined;
  readonly inclusive: LocationInfo | undefined;
  readonly autoRedirect: boolean;
  left: TreeNode | undefined;
  right: TreeNode | undefined;
  tree: TreeNode | undefined;
}

/** The table of a block without locations: most locations, shared so each does not hold its own. */
const EMPTY_TABLE: LocationTable = { tree: undefined, regexes: [], named: new Map(), all: [] };

/** Reads the location blocks directly inside a block (includes expanded) into a table. */
export function buildLocationTable(children: readonly ConfigNode[], caseless: boolean): LocationTable {
  if (!children.some((c) => c.directive.name.value === "location" && c.directive.block)) return EMPTY_TABLE;
  const all: LocationInfo[] = [];
  for (const child of children) {
    if (child.directive.name.value !== "location" || !child.directive.block) continue;
    const info = describeLocation(child, caseless);
    if (info) all.push(info);
  }
  const statics = all.filter((l) => l.kind !== "regex" && l.kind !== "named");
  const regexes = all.filter((l) => l.kind === "regex");
  const named = new Map<string, LocationInfo>();
  for (const l of all) if (l.kind === "named" && !named.has(l.name)) named.set(l.name, l);
  return { tree: buildTree(statics, caseless), regexes, named, all };
}

function describeLocation(node: ConfigNode, caseless: boolean): LocationInfo | undefined {
  const args = node.directive.args.map((a) => a.value);
  let kind: LocationKind;
  let name: string;
  let regexCaseless = false;
  if (args.length === 1) {
    const only = args[0] as string;
    if (only.startsWith("@")) [kind, name] = ["named", only];
    else if (only.startsWith("=") && only.length > 1) [kind, name] = ["exact", only.slice(1)];
    else if (only.startsWith("^~") && only.length > 2) [kind, name] = ["prefix-noregex", only.slice(2)];
    else if (only.startsWith("~*") && only.length > 2)
      [kind, name, regexCaseless] = ["regex", only.slice(2), true];
    else if (only.startsWith("~") && only.length > 1) [kind, name] = ["regex", only.slice(1)];
    else [kind, name] = ["prefix", only];
  } else if (args.length === 2) {
    const [modifier, value] = args as [string, string];
    if (modifier === "=") kind = "exact";
    else if (modifier === "^~") kind = "prefix-noregex";
    else if (modifier === "~") kind = "regex";
    else if (modifier === "~*") [kind, regexCaseless] = ["regex", true];
    else return undefined;
    name = value;
  } else return undefined;
  const regex = kind === "regex" ? compileNginxRegex(name, regexCaseless || caseless) : undefined;
  const bytes = kind === "regex" || kind === "named" ? name : toBytes(name);
  const passes = node.children.some((c) => PASS_DIRECTIVES.has(c.directive.name.value));
  return {
    node,
    kind,
    name: bytes,
    regex,
    // nginx builds the static tree of nested locations only under exact and prefix locations (the
    // tree builder walks the static list, from which regex locations were already split off): a prefix
    // location nested in a regex location is accepted at start-up and never matched.
    nested:
      kind === "regex"
        ? withoutStatics(buildLocationTable(node.children, caseless))
        : buildLocationTable(node.children, caseless),
    autoRedirect: passes && kind !== "regex" && kind !== "named" && bytes.endsWith("/"),
  };
}

function withoutStatics(table: LocationTable): LocationTable {
  return table.tree ? { ...table, tree: undefined } : table;
}

/** nginx's byte comparison of location names (lower-cased first on case-insensitive builds). */
function compareBytes(a: string, b: string, n: number, caseless: boolean): number {
  for (let i = 0; i < n; i++) {
    let x = i < a.length ? a.charCodeAt(i) : 0;
    let y = i < b.length ? b.charCodeAt(i) : 0;
    if (caseless) {
      if (x >= 65 && x <= 90) x += 32;
      if (y >= 65 && y <= 90) y += 32;
    }
    if (x !== y) return x - y;
    if (x === 0) return 0;
  }
  return 0;
}

interface Entry {
  name: string;
  exact: LocationInfo | undefined;
  inclusive: LocationInfo | undefined;
  list: Entry[];
}

function buildTree(statics: readonly LocationInfo[], caseless: boolean): TreeNode | undefined {
  if (statics.length === 0) return undefined;
  const entries: Entry[] = statics.map((l) => ({
    name: l.name,
    exact: l.kind === "exact" ? l : undefined,
    inclusive: l.kind === "exact" ? undefined : l,
    list: [],
  }));
  // A stable sort by name, an exact location before a prefix one of the same name.
  entries.sort((one, two) => {
    const rc = compareBytes(one.name, two.name, Math.min(one.name.length, two.name.length) + 1, caseless);
    if (rc === 0 && !one.exact && two.exact) return 1;
    if (rc === 0 && one.exact && !two.exact) return -1;
    return rc;
  });
  // Same-named exact and prefix locations share one entry (a duplicate is refused by nginx; keep the first).
  const joined: Entry[] = [];
  for (const entry of entries) {
    const last = joined[joined.length - 1];
    if (
      last &&
      last.name.length === entry.name.length &&
      compareBytes(last.name, entry.name, entry.name.length, caseless) === 0
    ) {
      last.exact ??= entry.exact;
      last.inclusive ??= entry.inclusive;
      continue;
    }
    joined.push(entry);
  }
  const listed = nestLists(joined, caseless);
  return makeTree(listed, 0);
}

/** Moves the entries a prefix entry's name starts into that entry's list, recursively. */
function nestLists(entries: Entry[], caseless: boolean): Entry[] {
  const out: Entry[] = [];
  let i = 0;
  while (i < entries.length) {
    const entry = entries[i] as Entry;
    i++;
    if (entry.inclusive) {
      const start = i;
      while (i < entries.length) {
        const next = entries[i] as Entry;
        if (
          entry.name.length > next.name.length ||
          compareBytes(entry.name, next.name, entry.name.length, caseless) !== 0
        )
          break;
        i++;
      }
      entry.list = nestLists(entries.slice(start, i), caseless);
    }
    out.push(entry);
  }
  return out;
}

function makeTree(entries: readonly Entry[], prefix: number): TreeNode | undefined {
  if (entries.length === 0) return undefined;
  const middle = Math.floor(entries.length / 2);
  const entry = entries[middle] as Entry;
  const node: TreeNode = {
    name: entry.name.slice(prefix),
    exact: entry.exact,
    inclusive: entry.inclusive,
    autoRedirect: !!(entry.exact?.autoRedirect || entry.inclusive?.autoRedirect),
    left: makeTree(entries.slice(0, middle), prefix),
    right: makeTree(entries.slice(middle + 1), prefix),
    tree: undefined,
  };
  node.tree = makeTree(entry.list, prefix + node.name.length);
  return node;
}

/** What one step of the search decided, for the trace. */
export interface SearchStep {
  readonly text: string;
  readonly node: ConfigNode | undefined;
}

export type SearchResult =
  | {
      readonly kind: "location";
      readonly location: LocationInfo;
      readonly groups: readonly (string | undefined)[];
    }
  | { readonly kind: "auto-redirect"; readonly location: LocationInfo }
  | { readonly kind: "none" }
  | { readonly kind: "undecidable"; readonly why: string };

type StaticResult =
  { rc: "ok" | "again" | "done"; location: LocationInfo } | { rc: "declined"; location: undefined };

function findStatic(root: TreeNode | undefined, uri: string, caseless: boolean): StaticResult {
  let node = root;
  let rest = uri;
  let result: StaticResult = { rc: "declined", location: undefined };
  while (node) {
    const n = Math.min(rest.length, node.name.length);
    const rc = compareBytes(rest, node.name, n, caseless);
    if (rc !== 0) {
      node = rc < 0 ? node.left : node.right;
      continue;
    }
    if (rest.length > node.name.length) {
      if (node.inclusive) {
        result = { rc: "again", location: node.inclusive };
        rest = rest.slice(n);
        node = node.tree;
        continue;
      }
      node = node.right;
      continue;
    }
    if (rest.length === node.name.length) {
      if (node.exact) return { rc: "ok", location: node.exact };
      return { rc: "again", location: node.inclusive as LocationInfo };
    }
    if (rest.length + 1 === node.name.length && node.autoRedirect)
      result = { rc: "done", location: (node.exact ?? node.inclusive) as LocationInfo };
    node = node.left;
  }
  return result;
}

/**
 * Searches a block's locations for a URI (a byte string), as ngx_http_core_find_location does,
 * recording each decision in `steps`.
 */
export function findLocation(
  table: LocationTable,
  uri: string,
  caseless: boolean,
  steps: SearchStep[],
): SearchResult {
  const found = search(table, uri, caseless, steps);
  if (found.rc === "undecidable") return { kind: "undecidable", why: found.why };
  if (found.rc === "done") return { kind: "auto-redirect", location: found.location };
  if (found.rc === "declined") return { kind: "none" };
  return { kind: "location", location: found.location, groups: found.groups };
}

type Found =
  | { rc: "ok" | "again" | "done"; location: LocationInfo; groups: readonly (string | undefined)[] }
  | { rc: "declined" }
  | { rc: "undecidable"; why: string };

function search(table: LocationTable, uri: string, caseless: boolean, steps: SearchStep[]): Found {
  const staticFound = findStatic(table.tree, uri, caseless);
  let rc: Found =
    staticFound.rc === "declined"
      ? { rc: "declined" }
      : { rc: staticFound.rc, location: staticFound.location, groups: [] };
  let noregex = false;
  if (staticFound.rc === "ok")
    steps.push({ text: `exact match ${describe(staticFound.location)}`, node: staticFound.location.node });
  if (staticFound.rc === "done")
    steps.push({
      text: `the URI is ${describe(staticFound.location)} without its final "/", and that location passes requests on: automatic redirect`,
      node: staticFound.location.node,
    });
  if (staticFound.rc === "again") {
    const prefix = staticFound.location;
    noregex = prefix.kind === "prefix-noregex";
    steps.push({
      text: `longest prefix ${describe(prefix)}${noregex ? " (^~: regexes of this level are not tried)" : ""}`,
      node: prefix.node,
    });
    const inner = search(prefix.nested, uri, caseless, steps);
    // Nothing nested matched: the prefix location itself stays the candidate.
    rc = inner.rc === "declined" ? { rc: "again", location: prefix, groups: [] } : inner;
  }
  if (rc.rc === "ok" || rc.rc === "done" || rc.rc === "undecidable") return rc;
  if (!noregex) {
    for (const location of regexCandidates(table, uri, caseless)) {
      const outcome = execNginxRegex(location.regex as NginxRegex, uri);
      if (outcome.kind === "undecidable") return { rc: "undecidable", why: outcome.why };
      if (outcome.kind === "no-match") continue;
      steps.push({ text: `regex ${describe(location)} matches`, node: location.node });
      const inner = search(location.nested, uri, caseless, steps);
      if (inner.rc === "undecidable") return inner;
      if (inner.rc === "declined") return { rc: "ok", location, groups: outcome.groups };
      // Under a regex location nginx takes any nested result as final, even a nested automatic
      // redirect: the location that would redirect then serves the request itself.
      if (inner.rc === "done")
        steps.push({
          text: "inside a regex location an automatic redirect is not made",
          node: inner.location.node,
        });
      return { ...inner, rc: "ok" };
    }
  }
  return rc;
}

/**
 * The regex locations of a level that can match a URI, in the order written. A regex anchored to a
 * literal start (`^/api/`) cannot match a URI that does not start with that text, so such regexes are
 * filed by it and only those whose start the URI has are run: a level with thousands of regexes
 * costs a few map look-ups per request, not thousands of regex runs.
 */
function regexCandidates(table: LocationTable, uri: string, caseless: boolean): readonly LocationInfo[] {
  if (table.regexes.length < 8) return table.regexes;
  let index = regexIndexes.get(table);
  if (!index) regexIndexes.set(table, (index = indexRegexes(table.regexes, caseless)));
  const picked = new Set<number>(index.unanchored);
  const lower = asciiLower(uri);
  for (let length = 0; length <= Math.min(uri.length, index.longest); length++) {
    for (const i of index.exact.get(uri.slice(0, length)) ?? []) picked.add(i);
    for (const i of index.folded.get(lower.slice(0, length)) ?? []) picked.add(i);
  }
  return [...picked].sort((a, b) => a - b).map((i) => table.regexes[i] as LocationInfo);
}

interface RegexIndex {
  /** Case-sensitive regexes by the text they require at the start. */
  readonly exact: Map<string, number[]>;
  /** Caseless ones by that text lower-cased. */
  readonly folded: Map<string, number[]>;
  readonly unanchored: number[];
  readonly longest: number;
}

const regexIndexes = new WeakMap<LocationTable, RegexIndex>();

function indexRegexes(regexes: readonly LocationInfo[], caselessBuild: boolean): RegexIndex {
  const index: RegexIndex = { exact: new Map(), folded: new Map(), unanchored: [], longest: 0 };
  let longest = 0;
  regexes.forEach((location, i) => {
    const caseless = caselessBuild || (location.regex?.ok === true && location.regex.caseless);
    // The subject is bytes: so is the key (a pattern written in UTF-8 matches its encoding).
    const found = anchoredStart(location.name);
    const start = found === undefined ? undefined : toBytes(found);
    if (start === undefined) {
      index.unanchored.push(i);
      return;
    }
    const map = caseless ? index.folded : index.exact;
    const key = caseless ? asciiLower(start) : start;
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    list.push(i);
    longest = Math.max(longest, key.length);
  });
  return { ...index, longest };
}

/**
 * The literal text a regex requires at the start of the subject (`^/api/v1` gives "/api/v1"), or
 * undefined when it has none or its structure is anything but plain (alternation, groups, flags).
 */
function anchoredStart(pattern: string): string | undefined {
  if (!pattern.startsWith("^") || pattern.includes("|")) return undefined;
  let literal = "";
  for (let i = 1; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === "\\") {
      const next = pattern[i + 1];
      if (next === undefined || !/[./-]/.test(next)) break;
      // An escaped character followed by a quantifier is optional: it is not required.
      if (/[*+?{]/.test(pattern[i + 2] ?? "")) break;
      literal += next;
      i++;
      continue;
    }
    if (/[.[\]()*+?{}^$]/.test(ch)) break;
    if (/[*+?{]/.test(pattern[i + 1] ?? "")) break;
    literal += ch;
  }
  return literal;
}

/** ASCII letters lower-cased, other bytes kept (PCRE's caseless matching folds ASCII only). */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** A location as written, for trace lines. */
export function describe(location: LocationInfo): string {
  const args = location.node.directive.args.map((a) => a.value).join(" ");
  return `"location ${args}"`;
}
