// nginx-lint's machine formats besides its JSON: SARIF 2.1.0 (GitHub code scanning and other SARIF
// consumers) and GitHub Actions workflow commands (annotations on a pull request's diff). Both are
// written in pieces of about a megabyte, like the JSON report: a large configuration can have a
// hundred thousand findings, and the report is never held whole. Neither reads a finding's fixes
// (the WebSocket ones are built when read, and these formats have no use for them).

import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Severity, type Finding } from "./analysis/finding";
import { DIAGNOSTIC_CODES } from "./codes";
import type { PositionMapper } from "./diagnostics";

/** Findings by file, in the order they are reported. */
export type Report = Iterable<[string, readonly Finding[]]>;

const PIECE = 1 << 20;

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

function sarifLevel(severity: Severity): "error" | "warning" | "note" {
  if (severity === Severity.Error) return "error";
  if (severity === Severity.Warning) return "warning";
  return "note";
}

/** A path as a URI reference: relative (with '/' and each segment escaped) when it is under `cwd`. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const relative = path.relative(cwd, file);
  if (relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative))
    return { uri: relative.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
  return { uri: pathToFileURL(file).href };
}

/** A SARIF region: 1-based lines and columns, the end column just past the last character. */
function region(mapper: PositionMapper, file: string, start: number, end: number) {
  const range = mapper.range(file, start, end);
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/**
 * Writes a SARIF 2.1.0 log with one run. Its rules are every code nginx-lint has (a short,
 * fixed list), each with a description and a page of nginx's documentation; each result names its
 * rule, a level, the message and a 1-based region (columns in UTF-16 code units, as LSP counts them),
 * and the places its message refers to (the block a `}` was missing for, ...) as related locations.
 */
export function writeSarif(
  report: Report,
  mapper: PositionMapper,
  cwd: string,
  version: string,
  out: (s: string) => void,
): void {
  const ruleIndex = new Map(DIAGNOSTIC_CODES.map((c, i) => [c.code, i]));
  const rules = DIAGNOSTIC_CODES.map((c) => ({
    id: c.code,
    shortDescription: { text: c.description },
    helpUri: c.helpUri,
  }));
  const head = {
    version: "2.1.0",
    $schema: SARIF_SCHEMA,
  };
  const run = {
    tool: { driver: { name: "nginx-lint", version, rules } },
    originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(cwd + path.sep).href } },
    columnKind: "utf16CodeUnits",
  };
  // The log's fixed parts as JSON, with the results array left open at the end.
  let pending = JSON.stringify({ ...head, runs: [run] }).slice(0, -3) + `,"results":[`;
  let first = true;
  for (const [file, findings] of report) {
    const location = artifactLocation(file, cwd);
    for (let i = 0; i < findings.length; i++) {
      const finding = findings[i] as Finding;
      const index = ruleIndex.get(finding.code);
      const related = finding.related?.map((r, id) => ({
        id,
        physicalLocation: {
          artifactLocation: artifactLocation(r.file, cwd),
          region: region(mapper, r.file, r.start, r.end),
        },
        message: { text: r.message },
      }));
      const result = {
        ruleId: finding.code,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        level: sarifLevel(finding.severity),
        message: { text: finding.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: location,
              region: region(mapper, file, finding.start, finding.end),
            },
          },
        ],
        ...(related && related.length > 0 ? { relatedLocations: related } : {}),
      };
      pending += (first ? "" : ",") + JSON.stringify(result);
      first = false;
      if (pending.length > PIECE) {
        out(pending);
        pending = "";
      }
    }
  }
  out(pending + "]}]}\n");
}

/** A workflow command's property value: `%`, CR, LF, `:` and `,` are escaped, as the runner reads them. */
function escapeProperty(value: string): string {
  return value
    .replace(/%/g, "%25")
    .replace(/\r/g, "%0D")
    .replace(/\n/g, "%0A")
    .replace(/:/g, "%3A")
    .replace(/,/g, "%2C");
}

/** A workflow command's message: `%`, CR and LF are escaped. */
function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/**
 * Writes one GitHub Actions workflow command per finding:
 * `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::message` (`warning`, and `notice`
 * for information and hints). Paths are relative to the working directory (the repository's root in
 * a workflow), which is how GitHub places an annotation on a file.
 */
export function writeGithub(
  report: Report,
  mapper: PositionMapper,
  cwd: string,
  out: (s: string) => void,
): void {
  let pending = "";
  for (const [file, findings] of report) {
    const shown = escapeProperty((path.relative(cwd, file) || file).split(path.sep).join("/"));
    for (let i = 0; i < findings.length; i++) {
      const finding = findings[i] as Finding;
      const { start, end } = mapper.range(file, finding.start, finding.end);
      const command =
        finding.severity === Severity.Error
          ? "error"
          : finding.severity === Severity.Warning
            ? "warning"
            : "notice";
      // GitHub's columns are 1-based and inclusive; an empty range is one column wide.
      const endColumn =
        end.line === start.line ? Math.max(start.character + 1, end.character) : end.character + 1;
      pending +=
        `::${command} file=${shown},line=${start.line + 1},col=${start.character + 1},` +
        `endLine=${end.line + 1},endColumn=${endColumn},title=${escapeProperty(finding.code)}::` +
        `${escapeData(finding.message)}\n`;
      if (pending.length > PIECE) {
        out(pending);
        pending = "";
      }
    }
  }
  if (pending.length > 0) out(pending);
}
