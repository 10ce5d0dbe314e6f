// Reads expected findings written inline in nginx fixtures, under the line they point at:
//
//     proxy_passs http://app;
//   # ^^^^^^^^^^^ error[unknown-directive]
//   # ^^^^^^^^^^^ error[unknown-directive]: Did you mean "proxy_pass"
//
// The carets mark the columns of the finding's range on the nearest line above that is not itself an
// annotation (a finding that runs past that line is marked to the line's end). `# <-- warning[code]`
// marks a finding that starts at column 0. Text after `: ` must appear in the message.
//
// Tildes mark a place a finding's related information points at, exactly (start and end):
//
//     proxy_set_header Upgrade $http_upgrade;
//   # ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~ related[websocket-headers-shadowed]: not inherited

export interface Expectation {
  readonly line: number;
  readonly startCharacter: number;
  /** Undefined when only the start is checked (a `<--` mark). */
  readonly endCharacter: number | undefined;
  readonly severity: string;
  readonly code: string;
  readonly messagePart: string | undefined;
  /** 1-based line of the annotation itself, for failure messages. */
  readonly annotationLine: number;
}

/** A place a finding's related information must point at. */
export interface RelatedExpectation {
  readonly line: number;
  readonly startCharacter: number;
  readonly endCharacter: number;
  /** The code of the finding it belongs to. */
  readonly code: string;
  readonly messagePart: string | undefined;
  readonly annotationLine: number;
}

const CARETS = /^(\s*#\s*?)(\^+)\s+(error|warning|info|hint)\[([a-z0-9-]+)\](?::\s*(.*))?\s*$/;
const COLUMN_ZERO = /^\s*#\s*<--\s+(error|warning|info|hint)\[([a-z0-9-]+)\](?::\s*(.*))?\s*$/;
const TILDES = /^(\s*#\s*?)(~+)\s+related\[([a-z0-9-]+)\](?::\s*(.*))?\s*$/;

/** Every expectation in a fixture's text: its findings, and the places their related information names. */
export function readExpectations(text: string): { findings: Expectation[]; related: RelatedExpectation[] } {
  const lines = text.split(/\r?\n/);
  const out: Expectation[] = [];
  const related: RelatedExpectation[] = [];
  let target = -1;
  lines.forEach((line, index) => {
    const carets = CARETS.exec(line);
    const zero = carets ? null : COLUMN_ZERO.exec(line);
    const tildes = carets || zero ? null : TILDES.exec(line);
    if (!carets && !zero && !tildes) {
      target = index;
      return;
    }
    if (target < 0) throw new Error(`annotation on line ${index + 1} has no line above it`);
    if (tildes) {
      const start = (tildes[1] as string).length;
      related.push({
        line: target,
        startCharacter: start,
        endCharacter: start + (tildes[2] as string).length,
        code: tildes[3] as string,
        messagePart: tildes[4] || undefined,
        annotationLine: index + 1,
      });
    } else if (carets) {
      const start = (carets[1] as string).length;
      out.push({
        line: target,
        startCharacter: start,
        endCharacter: start + (carets[2] as string).length,
        severity: carets[3] as string,
        code: carets[4] as string,
        messagePart: carets[5] || undefined,
        annotationLine: index + 1,
      });
    } else if (zero) {
      out.push({
        line: target,
        startCharacter: 0,
        endCharacter: undefined,
        severity: zero[1] as string,
        code: zero[2] as string,
        messagePart: zero[3] || undefined,
        annotationLine: index + 1,
      });
    }
  });
  return { findings: out, related };
}
