// How the engine reads nginx syntax beyond the tokenizer: the parser's hint for where a statement
// missing its `;` ends, and the parser's errors as findings (a missing `;` with its fix, preferred only
// when the statement it ends is one nginx accepts as written).

import type { ConfigNode, LoadedConfig, SourceFile } from "./config";
import { Severity, type Finding, type TextEdit } from "./finding";
import { fitsAsWritten } from "./resolve";
import { factsFor, TABLE_BLOCKS } from "../model/directives";
import type { Version } from "../model/version";
import type { ParseOptions } from "../parser/parser";

/** Words that are directive names but also common argument values, so a line starting with one is not a new statement. */
const ARGUMENT_WORDS = new Set([
  "deny",
  "allow",
  "break",
  "ssl",
  "http2",
  "http3",
  "quic",
  "internal",
  "index",
  "types",
]);

/** The parser's hint: a bare word at the start of a line that is a directive name starts a new statement. */
export const PARSE_OPTIONS: ParseOptions = {
  startsStatement(word, enclosing) {
    if (TABLE_BLOCKS.has(enclosing) || ARGUMENT_WORDS.has(word)) return false;
    return factsFor(word).some((f) => f.origin === "nginx");
  },
};

/**
 * Directives that take any number of free-form words: when one of them runs into the next line's
 * directive, nginx reads the whole as one valid statement, so a missing `;` there is only a warning.
 */
function takesFreeFormWords(name: string): boolean {
  return (
    ["server_name", "index", "try_files", "log_format", "valid_referers", "ssl_ciphers"].includes(name) ||
    name.endsWith("_types")
  );
}

/** Whether the `;` a missing-semicolon fix would insert at an offset yields a statement nginx accepts. */
type InsertCheck = (file: string, insertAt: number) => boolean;

function parserFindings(file: SourceFile, insertFits: InsertCheck): Finding[] {
  return file.parsed.errors.map((error) => {
    const finding: Finding = {
      file: file.path,
      start: error.start,
      end: error.end,
      code: error.code,
      severity:
        error.assumedFor !== undefined && takesFreeFormWords(error.assumedFor)
          ? Severity.Warning
          : Severity.Error,
      message: error.message,
      related: error.related ? [{ file: file.path, ...error.related }] : undefined,
    };
    if (error.code !== "missing-semicolon") return finding;
    // Insert the ";" right after the statement's last word.
    const at = error.insertAt ?? error.start;
    const edit: TextEdit = { file: file.path, start: at, end: at, newText: ";" };
    return {
      ...finding,
      fixes: [{ title: 'Insert ";"', edits: [edit], preferred: insertFits(file.path, at) }],
    };
  });
}

/** The parser's errors in every file of a configuration, as findings. */
export function syntaxFindings(config: LoadedConfig, target: Version): Finding[] {
  // Statements cut short by a syntax error, by where their `;` belongs (only files with errors have any).
  const unterminated = new Map<string, ConfigNode>();
  const withErrors = new Set(
    [...config.files.values()].filter((f) => f.parsed.errors.length > 0).map((f) => f.path),
  );
  if (withErrors.size === 0) return [];
  for (const node of config.allNodes) {
    const d = node.directive;
    if (d.semicolon !== undefined || d.block || d.raw || !withErrors.has(node.file.path)) continue;
    const last = d.args[d.args.length - 1] ?? d.name;
    unterminated.set(`${node.file.path}\0${last.end}`, node);
  }
  const insertFits: InsertCheck = (path, at) => {
    const node = unterminated.get(`${path}\0${at}`);
    return node !== undefined && fitsAsWritten(node, node.directive.name.value, target, true);
  };
  const findings: Finding[] = [];
  for (const source of config.files.values()) {
    if (!withErrors.has(source.path)) continue;
    // One push at a time: a file of a million errors is more than a spread's arguments can hold.
    for (const finding of parserFindings(source, insertFits)) findings.push(finding);
  }
  return findings;
}
