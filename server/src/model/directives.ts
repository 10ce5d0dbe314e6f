// Facts about every nginx directive (contexts, argument counts, values, versions), from the copy of
// the project's directive data in ./data (see ./data/README.md for provenance).

import rawDirectives from "./data/nginx-directives.json";
import customRepeats from "./data/directive-repeats.json";
import { compareVersions, type Version } from "./version";

/** The argument-count rule nginx's ngx_conf_handler() applies. `max: null` means unbounded. */
export interface Arity {
  readonly min: number;
  readonly max: number | null;
  readonly flag: boolean;
}

/** The per-version differences recorded for nginx 1.22.1. */
interface At1221 {
  readonly module: string;
  readonly contexts: readonly string[];
  readonly block: boolean;
  readonly arity: Arity | null;
  readonly enum_values?: readonly string[];
  readonly bitmask_values?: readonly string[];
}

/** One directive record as stored in ./data/nginx-directives.json. */
export interface DirectiveFact {
  readonly name: string;
  readonly module: string;
  readonly doc_module?: string | null;
  readonly subsystem: "core" | "http" | "stream" | "mail";
  readonly contexts: readonly string[];
  readonly block: boolean;
  readonly arity: Arity | null;
  readonly syntax: readonly string[] | null;
  readonly default: readonly string[] | null;
  readonly since: string | null;
  readonly url: string | null;
  readonly origin: "nginx" | "commercial" | "njs" | "docs_only";
  readonly in_1_22_1: boolean;
  readonly at_1_22_1?: At1221;
  readonly enum_values?: readonly string[];
  readonly bitmask_values?: readonly string[];
  readonly source_handler?: string;
  readonly deprecated_by?: string;
  readonly obsolete?: boolean;
}

/**
 * Where a statement stands, as the directive data names contexts: `core:main`, `core:events`,
 * `http:http`, `http:server`, `http:location`, `http:if in location`, `stream:server`, ...
 * `table` marks key/value bodies (map, types, ...) and `raw` bodies nginx does not read as directives.
 */
export type Context = string;

export const ALL_DIRECTIVES: readonly DirectiveFact[] = rawDirectives as unknown as DirectiveFact[];

const byName = new Map<string, DirectiveFact[]>();
for (const fact of ALL_DIRECTIVES) {
  const list = byName.get(fact.name);
  if (list) list.push(fact);
  else byName.set(fact.name, [fact]);
}

/** Every record with this name (several modules can define the same name, e.g. http and stream `server`). */
export function factsFor(name: string): readonly DirectiveFact[] {
  return byName.get(name) ?? [];
}

/** All distinct directive names. */
export function allDirectiveNames(): IterableIterator<string> {
  return byName.keys();
}

const V1_22_1: Version = [1, 22, 1];

/** A record as it applies at a target nginx version: undefined when the directive does not exist then. */
export function factAtVersion(fact: DirectiveFact, target: Version): DirectiveFact | undefined {
  const atOrBefore1221 = compareVersions(target, V1_22_1) <= 0;
  if (atOrBefore1221) {
    if (!fact.in_1_22_1) return undefined;
    if (fact.since && compareVersions(target, parseSince(fact.since)) < 0) return undefined;
    if (fact.at_1_22_1) {
      const old = fact.at_1_22_1;
      return {
        ...fact,
        module: old.module,
        contexts: old.contexts,
        block: old.block,
        arity: old.arity,
        enum_values: old.enum_values,
        bitmask_values: old.bitmask_values,
      };
    }
    return fact;
  }
  // Records that only 1.22.1 has (the old `ssl` directive) were removed later.
  if (fact.origin === "docs_only") return undefined;
  if (fact.since && compareVersions(target, parseSince(fact.since)) < 0) return undefined;
  return fact;
}

function parseSince(since: string): Version {
  const parts = since.split(".").map((p) => Number.parseInt(p, 10) || 0);
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
}

/** The subsystem part of a context key (`http` of `http:location`). */
export function subsystemOf(context: Context): string {
  const colon = context.indexOf(":");
  return colon === -1 ? context : context.slice(0, colon);
}

/** True when a record allows the given context. Core `any` records are allowed everywhere. */
export function allowsContext(fact: DirectiveFact, context: Context): boolean {
  const subsystem = subsystemOf(context);
  const place = context.slice(subsystem.length + 1);
  if (fact.subsystem === "core") {
    if (fact.contexts.includes("any")) return true;
    return subsystem === "core" && fact.contexts.includes(place);
  }
  if (place === "main") return subsystem === "core" && fact.contexts.includes("main");
  return fact.subsystem === subsystem && fact.contexts.includes(place);
}

/** The context a block directive opens, given the context it stands in; undefined for unknown blocks. */
export function innerContext(name: string, outer: Context): Context | undefined {
  // Inside a table or a block nginx does not describe, nothing below is a directive we can judge.
  if (outer === "table" || outer === "unknown") return undefined;
  const subsystem = subsystemOf(outer);
  switch (name) {
    case "events":
      return "core:events";
    case "http":
      return "http:http";
    case "stream":
      return "stream:stream";
    case "mail":
      return "mail:mail";
    case "server":
      if (subsystem === "http" && outer === "http:upstream") return undefined;
      return subsystem === "core" ? undefined : `${subsystem}:server`;
    case "location":
      return "http:location";
    case "upstream":
      return subsystem === "core" ? undefined : `${subsystem}:upstream`;
    case "if":
      return outer === "http:server" ? "http:if in server" : "http:if in location";
    case "limit_except":
      return "http:limit_except";
    default:
      return TABLE_BLOCKS.has(name) ? "table" : undefined;
  }
}

/** Blocks whose bodies are key/value tables read by the block's own handler, not directives. */
export const TABLE_BLOCKS: ReadonlySet<string> = new Set([
  "map",
  "geo",
  "types",
  "split_clients",
  "charset_map",
  "match",
]);

const ON_OFF: readonly string[] = ["on", "off"];

/** What a directive's arguments must be when they are keywords: an on/off flag, or a fixed list. */
export interface KeywordArguments {
  readonly allowed: readonly string[];
  /** True when every argument is one of them (a bitmask); false when only the single argument is. */
  readonly all: boolean;
}

/** The keywords nginx checks a directive's arguments against, or undefined when they are free-form. */
export function keywordArguments(fact: DirectiveFact, argCount: number): KeywordArguments | undefined {
  if (fact.source_handler === "ngx_conf_set_flag_slot" && argCount === 1)
    return { allowed: ON_OFF, all: false };
  if (fact.enum_values && argCount === 1) return { allowed: fact.enum_values, all: false };
  if (fact.bitmask_values) return { allowed: fact.bitmask_values, all: true };
  return undefined;
}

const lowered = new Map<readonly string[], ReadonlySet<string>>();

/** The arguments nginx refuses as the keywords (it compares them without regard to case). */
export function invalidKeywords<T extends { readonly value: string }>(
  keywords: KeywordArguments,
  args: readonly T[],
): T[] {
  let lower = lowered.get(keywords.allowed);
  if (!lower) {
    // Computed once per list: the lists are shared by every use of a directive.
    lower = new Set(keywords.allowed.map((v) => v.toLowerCase()));
    lowered.set(keywords.allowed, lower);
  }
  const checked = keywords.all ? args : args.slice(0, 1);
  return checked.filter((arg) => !(lower as ReadonlySet<string>).has(arg.value.toLowerCase()));
}

/** The contexts a directive can stand in, for messages ("allowed in: http, server, location"). */
export function describeContexts(facts: readonly DirectiveFact[]): string {
  const seen = new Set<string>();
  for (const fact of facts) {
    for (const context of fact.contexts) {
      seen.add(
        fact.subsystem === "stream" || fact.subsystem === "mail" ? `${fact.subsystem} ${context}` : context,
      );
    }
  }
  return [...seen].join(", ");
}

/**
 * The setters of ngx_conf_file.c / ngx_file.c that store one value and refuse a second one in the same
 * block with "is duplicate" (they find the field already set). The array and key/value setters append,
 * and the bitmask setter ORs in (warning on a repeated value), so those repeat freely.
 */
const SINGLE_VALUE_SETTERS: ReadonlySet<string> = new Set([
  "ngx_conf_set_flag_slot",
  "ngx_conf_set_str_slot",
  "ngx_conf_set_num_slot",
  "ngx_conf_set_size_slot",
  "ngx_conf_set_off_slot",
  "ngx_conf_set_msec_slot",
  "ngx_conf_set_sec_slot",
  "ngx_conf_set_bufs_slot",
  "ngx_conf_set_enum_slot",
  "ngx_conf_set_path_slot",
  "ngx_conf_set_access_slot",
]);

/**
 * Custom handlers' answers, observed with nginx -t (see ./data/README.md): `true` when a repeat is
 * accepted, `false` when any is refused, `"off"` when only a repeat involving `off` is refused (the
 * handler appends values but `off` must stand alone).
 */
const REPEATS: Readonly<Record<string, boolean | "off">> = customRepeats as Record<string, boolean | "off">;

/** When nginx refuses a second use of a directive in one block ("is duplicate"). */
export type RepeatRule = "accepted" | "refused" | "refused-with-off";

/**
 * The generic single-value setters refuse any repeat; a custom handler as recorded; custom handlers
 * nobody checked count as accepting (no finding is better than a false one).
 */
export function repeatRule(fact: DirectiveFact): RepeatRule {
  let rule = repeatRules.get(fact);
  if (rule === undefined) {
    rule = computeRepeatRule(fact);
    repeatRules.set(fact, rule);
  }
  return rule;
}

/** Per record (a record at a version is a new object, so a WeakMap lets those go). */
const repeatRules = new WeakMap<DirectiveFact, RepeatRule>();

function computeRepeatRule(fact: DirectiveFact): RepeatRule {
  if (fact.source_handler !== undefined && SINGLE_VALUE_SETTERS.has(fact.source_handler)) return "refused";
  const recorded = REPEATS[`${fact.subsystem} ${fact.name}`];
  if (recorded === false) return "refused";
  if (recorded === "off") return "refused-with-off";
  return "accepted";
}
