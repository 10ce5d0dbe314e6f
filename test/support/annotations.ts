// Reads expected findings written inline in nginx fixtures, under the line they point at:
//
//     proxy_passs http://app;
//   # ^^^^^^^^^^^ error[unknown-directive]
//   # ^^^^^^^^^^^ error[unknown-directive]: Did you mean "proxy_pass"
//
// The carets mark the columns of the finding's range on the nearest line above that is not itself an
// annotation (a finding that runs past that line is marked to the line's end). `# <-- warning[code]`
// marks a finding that starts at column 0. Text after `: ` must appear in the message.

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

const CARETS = /^(\s*#\s*?)(\^+)\s+(error|warning|info|hint)\[([a-z0-9-]+)\](?::\s*(.*))?\s*$/;
const COLUMN_ZERO = /^\s*#\s*<--\s+(error|warning|info|hint)\[([a-z0-9-]+)\](?::\s*(.*))?\s*$/;

/** True for annotation lines, which the driver strips when it compares fixed texts. */
export function isAnnotation(line: string): boolean {
  return CARETS.test(line) || COLUMN_ZERO.test(line);
}

/** Every expectation in a fixture's text. */
export function readExpectations(text: string): Expectation[] {
  const lines = text.split(/\r?\n/);
  const out: Expectation[] = [];
  let target = -1;
  lines.forEach((line, index) => {
    const carets = CARETS.exec(line);
    const zero = carets ? null : COLUMN_ZERO.exec(line);
    if (!carets && !zero) {
      target = index;
      return;
    }
    if (target < 0) throw new Error(`annotation on line ${index + 1} has no line above it`);
    if (carets) {
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
  return out;
}
