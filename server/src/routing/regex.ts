// nginx's regular expressions (PCRE, without UTF mode: patterns and subjects are bytes) run with RE2's
// engine, the one the rest of the engine already uses for configuration regexes. Where the two engines
// can disagree the answer is "undecidable", never a guess: a pattern RE2 cannot compile (lookaround,
// backreferences, possessive quantifiers, PCRE-only escapes), and subjects on which a pattern that
// compiles means something else (a final newline before `$`, a vertical tab for `\s`, bytes above
// 0x7F under case folding, which PCRE's C-locale tables leave alone and RE2 folds as Latin-1 letters).

import { RE2JS } from "re2js";

/** A compiled nginx regex, or why it cannot be run exactly. */
export type NginxRegex =
  | {
      readonly ok: true;
      readonly source: string;
      readonly caseless: boolean;
      readonly re: RE2JS;
      readonly usesDollar: boolean;
      readonly usesSpaceClass: boolean;
    }
  | { readonly ok: false; readonly source: string; readonly why: string };

/** The result of running a regex on one subject. */
export type RegexOutcome =
  | { readonly kind: "match"; readonly groups: readonly (string | undefined)[] }
  | { readonly kind: "no-match" }
  | { readonly kind: "undecidable"; readonly why: string };

/** Text as nginx sees it: one character per byte of its UTF-8 encoding. */
export function toBytes(text: string): string {
  // Plain ASCII, the usual case, is already one character per byte.
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, "utf8").toString("latin1");
}

/** Escapes PCRE has and RE2 reads differently or not at all. */
const PCRE_ONLY = /\\[hHvVRXKGCZeEQ]|\\[1-9]|\\[pP]|\(\?[=!<>|#]|\(\?[<]?[=!]|[*+?}][+]|\(\*/;

const cache = new Map<string, NginxRegex>();

/** Compiles an nginx regex (`~`, `~*`, a `rewrite` or `if` pattern, a `~` server name). */
export function compileNginxRegex(pattern: string, caseless: boolean): NginxRegex {
  const key = `${caseless ? "i" : "s"}${pattern}`;
  const known = cache.get(key);
  if (known) return known;
  const compiled = compileOnce(pattern, caseless);
  if (cache.size > 10_000) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

function compileOnce(pattern: string, caseless: boolean): NginxRegex {
  const source = pattern;
  // Named groups `(?<name>...)` are PCRE's and RE2's; only lookbehind `(?<=`/`(?<!` is PCRE-only.
  const withoutNamed = pattern.replace(/\(\?P?<[A-Za-z_]\w*>/g, "(");
  const pcreOnly = PCRE_ONLY.exec(withoutNamed);
  if (pcreOnly) return { ok: false, source, why: `"${pcreOnly[0]}" has no exact equivalent in RE2` };
  let re: RE2JS;
  try {
    re = RE2JS.compile(toBytes(pattern), caseless ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    return {
      ok: false,
      source,
      why: `RE2 cannot compile it (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  return {
    ok: true,
    source,
    caseless,
    re,
    usesDollar: /(^|[^\\])(\\\\)*\$/.test(pattern),
    usesSpaceClass: /\\s|\[:space:\]|\\S/.test(pattern),
  };
}

/** Runs a compiled regex on a byte string (unanchored search, as PCRE's exec is). */
export function execNginxRegex(regex: NginxRegex, subject: string): RegexOutcome {
  if (!regex.ok) return { kind: "undecidable", why: `the regex "${regex.source}" ${regex.why}` };
  if (regex.usesDollar && subject.endsWith("\n"))
    return { kind: "undecidable", why: `"$" in "${regex.source}" also matches before PCRE's final newline` };
  if (regex.usesSpaceClass && subject.includes("\x0b"))
    return { kind: "undecidable", why: `"\\s" in "${regex.source}" differs on a vertical tab` };
  // eslint-disable-next-line no-control-regex
  if (regex.caseless && /[^\x00-\x7f]/.test(subject))
    return { kind: "undecidable", why: `case folding of bytes above 0x7F differs between PCRE and RE2` };
  const matcher = regex.re.matcher(subject);
  if (!matcher.find()) return { kind: "no-match" };
  const groups: (string | undefined)[] = [];
  for (let i = 0; i <= matcher.groupCount(); i++) groups.push(matcher.group(i) ?? undefined);
  return { kind: "match", groups };
}
