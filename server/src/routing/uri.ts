// What nginx makes of a request target: `$uri` (percent-decoded, `//` merged when merge_slashes is on,
// `.` and `..` segments resolved) and `$args`, or a 400 where nginx refuses the target. The state
// machine follows ngx_http_parse_request_line's checks and ngx_http_parse_complex_uri's rewriting;
// every string here is a byte string (one character per byte).

/** A request target as nginx reads it. */
export type ParsedTarget =
  | { readonly ok: true; readonly uri: string; readonly args: string; readonly hasArgs: boolean }
  | { readonly ok: false; readonly status: 400; readonly why: string };

/** A byte the request line parser refuses in a target. */
function isControl(code: number): boolean {
  return code <= 0x20 || code === 0x7f;
}

/** Splits and normalizes a raw request target (`/path?query`) the way nginx does. */
export function parseTarget(raw: string, mergeSlashes: boolean): ParsedTarget {
  if (!raw.startsWith("/")) return { ok: false, status: 400, why: "the target does not start with /" };
  // The request line parser refuses control characters and spaces anywhere in the target.
  for (let i = 0; i < raw.length; i++)
    if (isControl(raw.charCodeAt(i)))
      return { ok: false, status: 400, why: "the target holds a control character or a space" };
  return complexUri(raw, mergeSlashes);
}

type State = "usual" | "slash" | "dot" | "dotdot";

function complexUri(raw: string, mergeSlashes: boolean): ParsedTarget {
  const out: string[] = [];
  let state: State = "usual";
  let i = 0;
  const bad = (why: string): ParsedTarget => ({ ok: false, status: 400, why });
  /** Resolves the "/.." the output ends with: false when it would climb above the root. */
  const climb = (): boolean => {
    for (let u = out.length - 4; u >= 0; u--) {
      if (out[u] === "/") {
        out.length = u + 1;
        return true;
      }
    }
    return false;
  };
  const finish = (argsFrom: number | undefined): ParsedTarget => {
    let args = "";
    if (argsFrom !== undefined) {
      const hash = raw.indexOf("#", argsFrom);
      args = hash < 0 ? raw.slice(argsFrom) : raw.slice(argsFrom, hash);
    }
    return { ok: true, uri: out.join(""), args, hasArgs: argsFrom !== undefined };
  };
  // One path character (read or decoded) through the segment states.
  const step = (ch: string): "bad" | undefined => {
    switch (state) {
      case "usual":
        if (ch === "/") state = "slash";
        out.push(ch);
        return undefined;
      case "slash":
        if (ch === "/") {
          if (!mergeSlashes) out.push(ch);
          return undefined;
        }
        state = ch === "." ? "dot" : "usual";
        out.push(ch);
        return undefined;
      case "dot":
        if (ch === "/") {
          state = "slash";
          out.length--;
          return undefined;
        }
        state = ch === "." ? "dotdot" : "usual";
        out.push(ch);
        return undefined;
      case "dotdot":
        if (ch === "/") {
          if (!climb()) return "bad";
          state = "slash";
          return undefined;
        }
        state = "usual";
        out.push(ch);
        return undefined;
    }
  };
  while (i < raw.length) {
    const ch = raw[i] as string;
    if (ch === "?") {
      if (!endSegment()) return bad("the path climbs above the root");
      return finish(i + 1);
    }
    if (ch === "#") {
      if (!endSegment()) return bad("the path climbs above the root");
      return finish(undefined);
    }
    if (ch === "%") {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return bad("a % not followed by two hexadecimal digits");
      const decoded = String.fromCharCode(parseInt(hex, 16));
      i += 3;
      if (decoded === "\0") return bad("%00 in the path");
      // A decoded "%", "#" or "?" is kept as a plain character and starts no segment logic.
      if (decoded === "%" || decoded === "#" || decoded === "?") {
        state = "usual";
        out.push(decoded);
        continue;
      }
      if (step(decoded) === "bad") return bad("the path climbs above the root");
      continue;
    }
    if (step(ch) === "bad") return bad("the path climbs above the root");
    i++;
  }
  if (!endSegment()) return bad("the path climbs above the root");
  return finish(undefined);

  /** At the end of the path: a trailing "." is dropped, a trailing ".." climbs. */
  function endSegment(): boolean {
    if (state === "dot") {
      out.length--;
      state = "usual";
    } else if (state === "dotdot") {
      if (!climb()) return false;
      state = "usual";
    }
    return true;
  }
}
