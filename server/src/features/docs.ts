// The documentation of a directive as hover and completion show it: syntax, default, where it is
// allowed, its module and version, the project's explanation and a link to nginx.org.

import { DIRECTIVE_DOCS } from "../model/directive-docs";
import {
  allowsContext,
  factAtVersion,
  factsFor,
  type Context,
  type DirectiveFact,
} from "../model/directives";
import type { Version } from "../model/version";

/**
 * The record of a name that applies in a context: the one allowed there at the target version, else
 * one allowed there in another version, else the first record (the directive is misplaced).
 */
export function factFor(name: string, context: Context, target: Version): DirectiveFact | undefined {
  const all = factsFor(name);
  const open = all.filter((f) => f.origin === "nginx" || f.origin === "docs_only");
  const here = open.filter((f) => allowsContext(f, context));
  return (
    here.map((f) => factAtVersion(f, target)).find((f) => f !== undefined) ?? here[0] ?? open[0] ?? all[0]
  );
}

/** Markdown-safe inline code (a backtick inside is rare in nginx, but would end the span). */
export function code(text: string): string {
  return text.includes("`") ? "`` " + text + " ``" : "`" + text + "`";
}

/** Where a record may stand, as nginx.org words it (`stream server` for the stream module's). */
export function contextsOf(fact: DirectiveFact): string {
  const prefix = fact.subsystem === "stream" || fact.subsystem === "mail" ? `${fact.subsystem} ` : "";
  return fact.contexts.map((c) => prefix + c).join(", ");
}

/** The syntax lines of a record as an nginx code block. */
export function syntaxBlock(fact: DirectiveFact): string {
  const lines = fact.syntax && fact.syntax.length > 0 ? fact.syntax : [`${fact.name} ...;`];
  return "```nginx\n" + lines.join("\n") + "\n```";
}

/**
 * The markdown documentation of a directive record. `brief`: the heading, the syntax and the link
 * only, for a hover whose first part (a location's header list) is what the reader came for.
 */
export function directiveMarkdown(
  fact: DirectiveFact,
  options: { heading?: boolean; brief?: boolean } = {},
): string {
  const parts: string[] = [];
  if (options.heading !== false) parts.push(`**${fact.name}** — ${fact.module}`);
  parts.push(syntaxBlock(fact));
  if (options.brief === true) {
    if (fact.url) parts.push(`[${fact.name} on nginx.org](${fact.url})`);
    return parts.join("\n\n");
  }
  const facts: string[] = [];
  if (fact.default !== null) {
    // A directive that repeats can have several defaults in effect together (proxy_set_header's Host
    // and Connection): each is a statement of its own, on a line of its own, not a list after a `;`.
    facts.push(
      fact.default.length === 0
        ? "Default: none"
        : fact.default.length === 1
          ? `Default: ${code(`${fact.name} ${fact.default[0] as string};`)}`
          : ["Defaults, together:", ...fact.default.map((value) => code(`${fact.name} ${value};`))].join(
              "  \n",
            ),
    );
  }
  facts.push(`Allowed in: ${contextsOf(fact)}`);
  if (fact.since) facts.push(`Available since nginx ${fact.since}`);
  if (fact.origin === "commercial") facts.push("Only in the commercial NGINX Plus");
  if (fact.deprecated_by) facts.push(`Deprecated: use ${code(fact.deprecated_by)} instead`);
  // Two trailing spaces make a line break in markdown: one fact per line, without a list's bullets.
  parts.push(facts.join("  \n"));
  const explanation = DIRECTIVE_DOCS[fact.name];
  if (explanation) parts.push(explanation);
  if (fact.url) parts.push(`[${fact.name} on nginx.org](${fact.url})`);
  return parts.join("\n\n");
}
