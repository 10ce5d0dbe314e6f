// Decides what a file's top level is: a whole nginx.conf (`core:main`) or a fragment meant to be
// included in http, server or location. A fragment must never be judged as a main file, or every
// `server {}` in sites-available would be "not allowed here".

import type { Directive, ParsedFile } from "../parser/ast";
import { allowsContext, factsFor, type Context } from "../model/directives";

/** The contexts a fragment can be written for, in order of preference (ties go to the earlier one). */
const FRAGMENT_CANDIDATES: readonly Context[] = [
  "http:http",
  "http:server",
  "http:location",
  "stream:stream",
  "stream:server",
  "http:upstream",
];

/** Names a user may write in a `# nginx-lint: context=NAME` comment, and the context each means. */
const PINNED: Readonly<Record<string, Context>> = {
  main: "core:main",
  events: "core:events",
  http: "http:http",
  server: "http:server",
  location: "http:location",
  upstream: "http:upstream",
  "if-in-location": "http:if in location",
  stream: "stream:stream",
  "stream-server": "stream:server",
  "stream-upstream": "stream:upstream",
  mail: "mail:mail",
};

const PIN = /#\s*nginx-lint:\s*context\s*=\s*([a-z-]+)/;

/** The context pinned by a `# nginx-lint: context=...` comment, if the file has one. */
export function pinnedContext(file: ParsedFile): Context | undefined {
  for (const comment of file.comments) {
    const match = PIN.exec(file.text.slice(comment.start, comment.end));
    if (match) return PINNED[match[1] as string];
  }
  return undefined;
}

/**
 * Infers the top-level context from the file's own top-level directives. A file with a directive that
 * only a whole nginx.conf has (`http {`, `events {`, `worker_processes`, ...) is a main file; any other
 * is a fragment, placed in the context (http first) where the fewest of its directives are refused.
 */
export function inferContext(
  file: ParsedFile,
  included: (include: Directive) => readonly ParsedFile[] = () => [],
): Context {
  const pinned = pinnedContext(file);
  if (pinned) return pinned;
  // A file of includes only (h5bp's basic.conf) is placed by what its includes hold.
  const names: string[] = [];
  const seen = new Set<ParsedFile>();
  const collect = (parsed: ParsedFile, depth: number) => {
    if (seen.has(parsed) || depth > 4) return;
    seen.add(parsed);
    for (const d of parsed.directives) {
      if (d.name.value === "include") for (const inner of included(d)) collect(inner, depth + 1);
      else if (d.name.value !== "") names.push(d.name.value);
    }
  };
  collect(file, 0);
  if (names.some(isMainOnly)) return "core:main";
  let best: Context = "http:http";
  let bestRefused = Number.POSITIVE_INFINITY;
  for (const candidate of FRAGMENT_CANDIDATES) {
    let refused = 0;
    for (const name of names) {
      const facts = factsFor(name);
      if (facts.length > 0 && !facts.some((f) => allowsContext(f, candidate))) refused++;
    }
    if (refused < bestRefused) {
      best = candidate;
      bestRefused = refused;
    }
  }
  return best;
}

/** True for directives that only stand at the top of a whole nginx.conf. */
function isMainOnly(name: string): boolean {
  const facts = factsFor(name);
  return facts.length > 0 && facts.every((f) => f.contexts.length === 1 && f.contexts[0] === "main");
}
