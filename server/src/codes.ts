// Every diagnostic code the engine and the language server can report, with a one-line description
// and the nginx documentation page that explains what the check is about. The command line uses the
// list to refuse an unknown code in `--config`'s `severity`, and SARIF output to describe its rules.

import { INCLUDE_CODES } from "./analysis/config";
import { SYNTAX_ERROR_CODES } from "./parser/ast";
import { RULES } from "./rules";
import { TOO_MANY_FINDINGS } from "./analysis/finding";

/** The language server's code for a file too large to analyse (kept here: the engine may not import the LSP layer). */
export const FILE_TOO_LARGE_CODE = "file-too-large";

export interface CodeInfo {
  readonly code: string;
  readonly description: string;
  /** A page of nginx's own documentation about what the check is about. */
  readonly helpUri: string;
}

const DOCS = "https://nginx.org/en/docs/";
const SYNTAX = `${DOCS}beginners_guide.html#conf_structure`;
const INCLUDE = `${DOCS}ngx_core_module.html#include`;
const WEBSOCKET = `${DOCS}http/websocket.html`;

/** Descriptions of the codes that are not rules (the parser's, the loader's and the per-file cap's). */
const OTHER_DESCRIPTIONS: Readonly<Record<string, string>> = {
  "missing-semicolon": 'A statement that is not ended with ";".',
  "unclosed-block": "The file ends inside a block.",
  "unexpected-closing-brace": 'A "}" with no open block.',
  "unterminated-string": "A quote that is never closed.",
  "unexpected-token": 'A ";" or "{" with no directive before it, or text glued to a closing quote.',
  "nesting-too-deep": "Blocks nested deeper than the parser follows.",
  "include-not-found": "An include path that does not exist or cannot be read.",
  "include-cycle": "Files that include each other, or includes nested too deep.",
  "include-too-many": "A glob or include tree larger than the limits.",
  "include-outside-roots": "An include outside the allowed folders, which is not read.",
  [TOO_MANY_FINDINGS]: "A file has more findings than are reported per file.",
  [FILE_TOO_LARGE_CODE]: "A file larger than maxFileSize, which is not analysed.",
};

/** Where nginx documents what a rule checks; rules not listed point at the directive index. */
const HELP: Readonly<Record<string, string>> = {
  "unknown-directive": `${DOCS}dirindex.html`,
  "unsupported-in-version": `${DOCS}dirindex.html`,
  "undefined-variable": `${DOCS}varindex.html`,
  "ssl-certificate-missing": `${DOCS}http/ngx_http_ssl_module.html#ssl_certificate`,
  "location-nesting": `${DOCS}http/ngx_http_core_module.html#location`,
  "invalid-table-entry": `${DOCS}http/ngx_http_map_module.html#map`,
};

function helpOf(code: string): string {
  if (code.startsWith("websocket-")) return WEBSOCKET;
  if (code.startsWith("include-")) return INCLUDE;
  if ((SYNTAX_ERROR_CODES as readonly string[]).includes(code)) return SYNTAX;
  return HELP[code] ?? `${DOCS}dirindex.html`;
}

/** Every code, rules first (in their listed order), then the parser's, the loader's and the others. */
export const DIAGNOSTIC_CODES: readonly CodeInfo[] = [
  ...RULES.map((rule) => ({ code: rule.id, description: rule.description, helpUri: helpOf(rule.id) })),
  ...[...SYNTAX_ERROR_CODES, ...INCLUDE_CODES, TOO_MANY_FINDINGS, FILE_TOO_LARGE_CODE].map((code) => ({
    code,
    description: OTHER_DESCRIPTIONS[code] ?? code,
    helpUri: helpOf(code),
  })),
];

export const KNOWN_CODES: ReadonlySet<string> = new Set(DIAGNOSTIC_CODES.map((c) => c.code));
