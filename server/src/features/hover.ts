// What hovering shows: the documentation of a directive as it applies where it stands, where a variable
// comes from, and, on a proxied location or its proxy_set_header lines, the header list nginx really
// sends from there after inheritance (and the outer headers this level drops).

import { walk, type ConfigNode } from "../analysis/config";
import { describeLevel } from "../analysis/levels";
import { proxyLevel, type HeaderList } from "../analysis/proxy";
import { isLiteralWebSocketUpgrade } from "../rules/websocket/verdict";
import { subsystemOf } from "../model/directives";
import type { Version } from "../model/version";
import type { Analysis } from "../service";
import { code, directiveMarkdown, factFor } from "./docs";
import { nodeAt, nodeEnd, variableAt, wordAt, wordIndexAt } from "./nodes";
import { Places, sourceOf } from "./places";
import { routingSection } from "./routing";
import { builtinVariable, variableDefinitions, variableSubsystem } from "./variables";

/** A level as a hover names it, a long location regex cut so the line stays readable. */
function levelName(node: ConfigNode): string {
  const words = describeLevel(node);
  return words.length > 60 ? words.slice(0, 57) + "..." : words;
}

/** A hover: markdown, and the span of the text it is about. */
export interface HoverResult {
  readonly markdown: string;
  readonly start: number;
  readonly end: number;
}

/** Blocks whose requests reach a proxy_pass with the header list in effect at that block. */
const PROXY_LEVELS = new Set(["location", "if", "limit_except"]);

/** The hover for `offset` in `file`, or undefined where there is nothing to say. */
export function hoverAt(
  analysis: Analysis,
  file: string,
  offset: number,
  target: Version,
): HoverResult | undefined {
  const config = analysis.config;
  const node = nodeAt(config, file, offset);
  if (!node) return undefined;
  const word = wordAt(node.directive, offset);
  if (!word) return undefined;
  const places = new Places(config.prefix, config);
  const variable = variableAt(node.file.parsed.text, word, offset);
  if (variable) {
    return { markdown: variableMarkdown(analysis, node, variable.name, places), ...variable };
  }
  const index = wordIndexAt(node.directive, offset);
  const name = node.directive.name.value;
  const headers = headerSection(node, places) ?? outerHeaderSection(node, places);
  // On a location: which requests near its own path it wins, and which another block takes.
  const requests =
    name === "location" && node.directive.block ? routingSection(analysis, node, places) : undefined;
  if (
    index !== -1 &&
    !(headers && name === "proxy_set_header") &&
    !((headers || requests) && name === "location")
  )
    return undefined;
  const span = { start: word.start, end: word.end };
  // Table entries (`default upgrade;` in a map) and bodies nginx does not describe are not directives.
  const fact = node.context === "table" ? undefined : factFor(name, node.context, target);
  // On a location (or `if`, `limit_except`) the header list is what the hover is for, and it comes
  // first (the editor puts a finding's message above it): the block's documentation is kept short.
  const doc = fact
    ? directiveMarkdown(fact, {
        brief: (headers !== undefined || requests !== undefined) && PROXY_LEVELS.has(name),
      })
    : undefined;
  const markdown = [headers, requests, doc]
    .filter((part): part is string => part !== undefined)
    .join("\n\n---\n\n");
  return markdown === "" ? undefined : { markdown, ...span };
}

/** What a variable holds (nginx's own) or where the configuration defines it. */
function variableMarkdown(analysis: Analysis, node: ConfigNode, name: string, places: Places): string {
  const definitions = variableDefinitions(analysis.config.allNodes).get(name) ?? [];
  const parts: string[] = [];
  const subsystem = variableSubsystem(node.context === "table" ? (node.parent?.context ?? "") : node.context);
  if (definitions.length > 0) {
    const first = definitions[0] as ConfigNode;
    const where = definitions.map((d) => `${code(d.directive.name.value)} at ${places.of(d)}`);
    parts.push(`**$${name}** is defined in this configuration by ${where.join(", ")}.`);
    parts.push("```nginx\n" + sourceOf(first, nodeEnd(first.directive)) + "\n```");
  }
  if (/^[0-9]+$/.test(name)) {
    parts.push(
      `**$${name}** is capture number ${name} of the last regular expression matched (a location, \`rewrite\`, \`if\` or \`map\` regex).`,
    );
  }
  const fact = builtinVariable(name, subsystem);
  if (fact) {
    const heading = fact.prefix
      ? `**$${name}** is one of nginx's ${code("$" + fact.name + "*")} variables (${fact.module}).`
      : `**$${name}** is built into nginx (${fact.module}${fact.since ? `, since ${fact.since}` : ""}).`;
    parts.push(
      definitions.length > 0 ? `It is also built in: ${fact.summary}` : `${heading}\n\n${fact.summary}`,
    );
  }
  if (parts.length === 0) {
    parts.push(
      `**$${name}** is not built into nginx's ${subsystem} modules, and nothing in this configuration defines it (with \`set\`, \`map\`, \`geo\`, ...).`,
    );
  }
  return parts.join("\n\n");
}

/** The level a proxy_set_header or location hover is about, and the proxy_pass serving it. */
function proxyTarget(node: ConfigNode): { level: ConfigNode; pass: ConfigNode } | undefined {
  if (!subsystemOf(node.context).startsWith("http") || node.context === "table") return undefined;
  const name = node.directive.name.value;
  const level =
    PROXY_LEVELS.has(name) && node.directive.block
      ? node
      : name === "proxy_set_header" && node.parent && PROXY_LEVELS.has(node.parent.directive.name.value)
        ? node.parent
        : undefined;
  if (!level) return undefined;
  // An `if` or `limit_except` uses its location's proxy_pass when it has none of its own.
  for (
    let at: ConfigNode | undefined = level;
    at && PROXY_LEVELS.has(at.directive.name.value);
    at = at.parent
  ) {
    const pass = at.children.find((c) => c.directive.name.value === "proxy_pass");
    if (pass) return { level, pass };
  }
  const sets = level.children.some((c) => c.directive.name.value === "proxy_set_header");
  // A level that neither proxies nor sets headers has no header list worth showing.
  return sets || name === "proxy_set_header" ? { level, pass: level } : undefined;
}

function headerRows(list: HeaderList, places: Places): string {
  const rows = list.headers.map((h) => {
    const original = h.node.directive.args[0]?.value ?? h.name;
    const value = h.value === "" ? '`""` (not sent)' : code(h.value);
    return `| ${original} | ${value} | ${places.of(h.node)} |`;
  });
  return ["| Header | Value | Written at |", "| --- | --- | --- |", ...rows].join("\n");
}

/**
 * The header list in effect at a proxied level: where it is defined, each header with its place, and
 * the headers of outer levels this level does not inherit because some level on the way sets its own.
 */
function headerSection(node: ConfigNode, places: Places): string | undefined {
  const target = proxyTarget(node);
  if (!target) return undefined;
  const { level, pass } = target;
  const effective = proxyLevel(level, pass);
  const label = code(levelName(level));
  const parts: string[] = [`**Headers nginx sends to the upstream from ${label}**`];
  const list = effective.headers;
  if (!list.definedAt) {
    parts.push(
      "No `proxy_set_header` is in effect here or at any outer level, so only nginx's defaults apply: " +
        "`Host: $proxy_host` and `Connection: close`.",
    );
  } else {
    const from =
      list.definedAt === level
        ? `This level's own list (${places.of(level)}) is in effect; nothing is inherited from outer levels.`
        : `Inherited from ${code(levelName(list.definedAt))} (${places.of(list.definedAt)}): this level sets no \`proxy_set_header\` of its own.`;
    parts.push(from, headerRows(list, places));
    const overridden = new Set(list.headers.map((h) => h.name));
    const defaults = [
      ["host", "Host: $proxy_host"],
      ["connection", "Connection: close"],
    ].filter(([name]) => !overridden.has(name as string));
    if (defaults.length > 0) {
      parts.push(
        `nginx adds its defaults for the rest: ${defaults.map(([, text]) => code(text as string)).join(", ")}.`,
      );
    }
  }
  const dropped = effective.shadowedLists.flatMap((outer) =>
    outer.headers
      .filter((h) => !list.headers.some((mine) => mine.name === h.name))
      .map((h) => {
        const original = h.node.directive.args[0]?.value ?? h.name;
        const at = outer.definedAt
          ? `${code(levelName(outer.definedAt))}, ${places.of(h.node)}`
          : places.of(h.node);
        return `- ${code(`${original} ${h.value}`)} from ${at}`;
      }),
  );
  if (dropped.length > 0) {
    parts.push(
      "**Dropped here.** nginx inherits `proxy_set_header` only into levels that set none of their own, so these headers of outer levels are not sent:\n" +
        dropped.join("\n"),
    );
  }
  const upgrade = list.headers.find((h) => h.name === "upgrade");
  if (!upgrade) {
    parts.push(
      "Without an `Upgrade` header nginx does not forward a WebSocket handshake: add " +
        '`proxy_set_header Upgrade $http_upgrade;` and a `Connection` of `"upgrade"` (or `$connection_upgrade` from the usual `map`).',
    );
  } else if (isLiteralWebSocketUpgrade(upgrade.value)) {
    parts.push(
      "`Upgrade` is the fixed value `websocket`, not `$http_upgrade`: the same on a handshake, but it turns " +
        "every plain request into an upgrade request too. Right for a location that serves only " +
        "WebSockets, wrong for one that also serves pages or an API.",
    );
  }
  if (list.headers.some((h) => h.name === "connection" && /^\$\{?http_connection\}?$/.test(h.value.trim()))) {
    parts.push(
      "`Connection $http_connection` passes the client's own `Connection` header on: `Upgrade` on a " +
        "handshake, `keep-alive` or nothing otherwise.",
    );
  }
  return parts.join("\n\n");
}

/** Levels above locations whose proxy_set_header lists the locations below inherit or drop. */
const OUTER_LEVELS = new Set(["http", "server"]);

/**
 * For a proxy_set_header at http or server level: which proxied locations below use this list, and
 * which lose it because they (or a level between) set a list of their own.
 */
function outerHeaderSection(node: ConfigNode, places: Places): string | undefined {
  const level = node.parent;
  if (node.directive.name.value !== "proxy_set_header" || !level) return undefined;
  if (!OUTER_LEVELS.has(level.directive.name.value) || !level.context.startsWith("http")) return undefined;
  const proxiedLevels: ReturnType<typeof proxyLevel>[] = [];
  walk(level.children, (n) => {
    const pass = n.children.find((c) => c.directive.name.value === "proxy_pass");
    if (n.directive.name.value === "location" && pass) proxiedLevels.push(proxyLevel(n, pass));
  });
  const uses: string[] = [];
  const drops: string[] = [];
  for (const proxied of proxiedLevels) {
    const entry = `${code(levelName(proxied.level))} (${places.of(proxied.level)})`;
    if (proxied.headers.definedAt === level) uses.push(entry);
    else if (proxied.shadowedLists.some((list) => list.definedAt === level)) {
      const by = proxied.headers.definedAt;
      drops.push(by && by !== proxied.level ? `${entry}, through the list of ${code(levelName(by))}` : entry);
    }
  }
  const label = code(levelName(level));
  const parts = [`**This is part of the \`proxy_set_header\` list of ${label}.**`];
  if (uses.length > 0) parts.push(`Inherited by:\n${uses.map((u) => `- ${u}`).join("\n")}`);
  if (drops.length > 0) {
    parts.push(
      `**Not sent** from these locations, which set a list of their own (nginx then inherits none of the outer headers):\n${drops.map((d) => `- ${d}`).join("\n")}`,
    );
  }
  if (uses.length === 0 && drops.length === 0) parts.push("No location below proxies requests.");
  return parts.join("\n\n");
}
