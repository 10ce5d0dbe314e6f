// Builds the edits that repair a level's WebSocket setup: insert exactly what is missing, replace a
// wrong value rather than adding a duplicate (nginx refuses a second proxy_http_version), and when a
// level starts its own proxy_set_header list, copy the headers it used to inherit so none is lost.
// Edits stay in the files that hold the levels; what arrives through an include is never edited.

import { lineStartOf } from "../../parser/lines";
import type { ConfigNode, SourceFile } from "../../analysis/config";
import type { Fix, TextEdit } from "../../analysis/finding";
import { settingsHome, type ProxyLevel } from "../../analysis/proxy";
import { CONNECTION_MAP, type Verdict } from "./verdict";

const INDENT_UNIT = "    ";

/** The white space before the first token on the line holding `offset`. */
function lineIndent(file: SourceFile, offset: number): string {
  const text = file.parsed.text;
  const lineStart = lineStartOf(text, offset);
  let end = lineStart;
  while (end < offset && (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9)) end++;
  return text.slice(lineStart, end);
}

/** True when only white space stands before `offset` on its line. */
function startsLine(file: SourceFile, offset: number): boolean {
  return lineIndent(file, offset).length === offset - lineStartOf(file.parsed.text, offset);
}

/** A directive written directly in a level's block, in the level's own file (so it can be edited). */
function writtenIn(level: ConfigNode, node: ConfigNode): boolean {
  return node.parent === level && node.file === level.file && node.via === undefined;
}

/** Where to insert new lines in a level, and with which indentation. */
function insertionPoint(
  level: ConfigNode,
  preferred: ConfigNode | undefined,
): { at: number; indent: string } | undefined {
  const block = level.directive.block;
  if (!block) return undefined;
  const levelIndent = lineIndent(level.file, level.directive.name.start);
  const anchor =
    preferred && writtenIn(level, preferred)
      ? preferred
      : [...level.children].reverse().find((c) => writtenIn(level, c) && !c.directive.block);
  if (anchor) {
    const indent = startsLine(level.file, anchor.directive.name.start)
      ? lineIndent(level.file, anchor.directive.name.start)
      : levelIndent + INDENT_UNIT;
    return { at: anchor.directive.end, indent };
  }
  return { at: block.open + 1, indent: levelIndent + INDENT_UNIT };
}

function insertLines(
  level: ConfigNode,
  preferred: ConfigNode | undefined,
  lines: readonly string[],
): TextEdit | undefined {
  if (lines.length === 0) return undefined;
  const point = insertionPoint(level, preferred);
  if (!point) return undefined;
  const newText = lines
    .map((line) => "\n" + point.indent + line.replace(/\n/g, "\n" + point.indent))
    .join("");
  return { file: level.file.path, start: point.at, end: point.at, newText };
}

/** Replaces one argument of a directive. */
function replaceArg(node: ConfigNode, index: number, value: string): TextEdit | undefined {
  const arg = node.directive.args[index];
  if (!arg) return undefined;
  return { file: node.file.path, start: arg.start, end: arg.end, newText: value };
}

/** The source text of a directive's arguments, as written (quotes kept). */
function argsText(node: ConfigNode): string {
  return node.directive.args.map((a) => node.file.parsed.text.slice(a.start, a.end)).join(" ");
}

/** The `http` block a level stands in, if the configuration shows it. */
function httpBlock(level: ConfigNode): ConfigNode | undefined {
  let at: ConfigNode | undefined = level;
  while (at && at.directive.name.value !== "http") at = at.parent;
  return at;
}

/** An edit that defines `$connection_upgrade` with nginx's map idiom in the http block, if one is visible. */
function mapEdit(level: ConfigNode): TextEdit | undefined {
  const http = httpBlock(level);
  if (http?.directive.block) {
    const indent = lineIndent(http.file, http.directive.name.start) + INDENT_UNIT;
    const at = http.directive.block.open + 1;
    return {
      file: http.file.path,
      start: at,
      end: at,
      newText: "\n" + indent + CONNECTION_MAP.replace(/\n/g, "\n" + indent) + "\n",
    };
  }
  // A fragment written for the http level: its top is the http block's body.
  let top = level;
  while (top.parent) top = top.parent;
  if (top.context !== "http:http" || top.file !== level.file || top.via !== undefined) return undefined;
  const at = top.directive.name.start - lineIndent(top.file, top.directive.name.start).length;
  return { file: top.file.path, start: at, end: at, newText: CONNECTION_MAP + "\n\n" };
}

export interface FixOptions {
  /** "literal": Connection "upgrade"; "map": Connection $connection_upgrade, defining the map if needed. */
  readonly style: "literal" | "map";
  /** Whether `$connection_upgrade` is already defined by a map that yields "upgrade". */
  readonly mapDefined: boolean;
}

/**
 * The edits that complete a level's WebSocket setup, or undefined when nothing can be fixed without
 * editing an included file.
 */
export function websocketEdits(
  level: ProxyLevel,
  verdict: Verdict,
  options: FixOptions,
): TextEdit[] | undefined {
  if (verdict.kind === "ok" || verdict.kind === "keepalive") return undefined;
  const problems = verdict.problems;
  const node = settingsHome(level.level);
  // While a file has syntax errors its structure is a guess: repair that first.
  if (node.file.parsed.errors.length > 0) return undefined;
  const connectionValue = options.style === "map" ? "$connection_upgrade" : '"upgrade"';
  const edits: TextEdit[] = [];
  const levelLines: string[] = [];

  // proxy_http_version: replace a wrong value written here, else set it here.
  if (problems.version) {
    const version = level.httpVersion?.node;
    if (version && version.parent === node) {
      if (!writtenIn(node, version)) return undefined;
      const edit = replaceArg(version, 0, "1.1");
      if (edit) edits.push(edit);
    } else levelLines.push("proxy_http_version 1.1;");
  }

  // The headers go to the level whose list is in effect when it is shadowed, else to this level.
  const headerLevel = verdict.kind === "shadowed" && level.headers.definedAt ? level.headers.definedAt : node;
  const headerLines: string[] = [];
  const ownList = level.headers.definedAt === headerLevel;
  if (!ownList) {
    // Starting a list here drops the inherited one, so carry its headers over first.
    for (const inherited of level.headers.headers) {
      // A header line nginx already refuses would only be copied as a second error.
      if (inherited.node.directive.args.length !== 2) return undefined;
      if (inherited.name === "upgrade" || inherited.name === "connection") continue;
      headerLines.push(`proxy_set_header ${argsText(inherited.node)};`);
    }
  }
  const existing = (name: string) =>
    ownList ? level.headers.headers.find((h) => h.name === name) : undefined;
  const upgrade = existing("upgrade");
  if (problems.upgrade !== "ok" || !ownList) {
    if (upgrade) {
      if (!writtenIn(headerLevel, upgrade.node)) return undefined;
      const edit = replaceArg(upgrade.node, 1, "$http_upgrade");
      if (edit) edits.push(edit);
    } else headerLines.push("proxy_set_header Upgrade $http_upgrade;");
  }
  const connection = existing("connection");
  if (problems.connection !== "upgrade" || !ownList) {
    if (connection) {
      if (!writtenIn(headerLevel, connection.node)) return undefined;
      const edit = replaceArg(connection.node, 1, connectionValue);
      if (edit) edits.push(edit);
    } else headerLines.push(`proxy_set_header Connection ${connectionValue};`);
  }
  if (headerLevel === node) levelLines.push(...headerLines);
  else {
    const lastHeader = [...level.headers.headers].reverse().find((h) => writtenIn(headerLevel, h.node))?.node;
    // A list brought in by `include proxy_params;`: the new lines go right after that include.
    let via = level.headers.headers[0]?.node.via;
    while (via && via.via) via = via.via;
    const edit = insertLines(
      headerLevel,
      lastHeader ?? (via && writtenIn(headerLevel, via) ? via : undefined),
      headerLines,
    );
    if (edit) edits.push(edit);
  }

  // proxy_cache_bypass: needed with proxy_cache; a new setup gets it too, as the usual four lines do.
  const bypassWanted = problems.cacheBypass || (verdict.kind === "missing" && level.cacheBypass.length === 0);
  if (bypassWanted) levelLines.push("proxy_cache_bypass $http_upgrade;");

  const levelEdit = insertLines(node, level.proxyPass, levelLines);
  if (levelEdit) edits.push(levelEdit);
  if (options.style === "map" && !options.mapDefined && (problems.connection !== "upgrade" || !ownList)) {
    const map = mapEdit(node);
    if (!map) return undefined;
    edits.push(map);
  }
  return edits.length > 0 ? edits : undefined;
}

function sameEdits(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  return (
    a.length === b.length &&
    a.every((e, i) => {
      const o = b[i] as TextEdit;
      return e.file === o.file && e.start === o.start && e.end === o.end && e.newText === o.newText;
    })
  );
}

/** The fixes offered for a level: the literal form (preferred) and the map idiom. */
export function websocketFixes(
  level: ProxyLevel,
  verdict: Verdict,
  mapDefined: boolean,
  title: string,
): Fix[] {
  const fixes: Fix[] = [];
  const literal = websocketEdits(level, verdict, { style: "literal", mapDefined });
  if (literal) fixes.push({ title, edits: literal, preferred: true });
  const map = websocketEdits(level, verdict, { style: "map", mapDefined });
  if (map && !(literal && sameEdits(map, literal))) {
    fixes.push({ title: `${title} (with the $connection_upgrade map)`, edits: map, preferred: false });
  }
  return fixes;
}
