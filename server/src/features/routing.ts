// The routing preview in the editor, on offsets: a URL routed through the open configuration as a
// trace whose steps point at the directives that decided them ("nginx: Test a URL…"), a code lens on
// each server and location with a URL that reaches it, and, in a location's hover, which of the
// requests near its own path it wins and which another location takes. Every answer comes from
// route() (server/src/routing), which the routing oracle test checks against the real nginx: nothing
// here guesses which location wins, it only picks the URLs to ask about.

import type { ConfigNode } from "../analysis/config";
import type { Span } from "../analysis/finding";
import { describeLevel } from "../analysis/levels";
import { route, type RouteRequest, type RouteResult } from "../routing/route";
import { requestToServer, samplePaths, serverOf, urlOf } from "../routing/samples";
import { requestOfUrl } from "../routing/url";
import type { Analysis } from "../service";
import { code } from "./docs";
import type { Places } from "./places";

/** One step of a routing trace, with the directive it is about when there is one. */
export interface TraceStep {
  readonly phase: string;
  readonly text: string;
  readonly at: Span | undefined;
}

/** A URL routed through a configuration, as the editor shows it. */
export interface RouteAnswer {
  readonly method: string;
  readonly url: string;
  /** One line: how the request ends and which block serves it. */
  readonly summary: string;
  readonly steps: readonly TraceStep[];
  /** The location that serves it, when one does. */
  readonly location: Span | undefined;
}

/** A code lens: a URL that reaches the block at `start`..`end`, or why no sample URL does. */
export interface RoutingLens extends Span {
  readonly title: string;
  /** The URL the lens routes when clicked (the sample tried, even when it does not reach the block). */
  readonly url: string;
}

function spanOf(node: ConfigNode | undefined): Span | undefined {
  if (!node) return undefined;
  return { file: node.file.path, start: node.directive.name.start, end: node.directive.name.end };
}

/** How a routed request ends, in a few words. */
export function outcomeSummary(result: RouteResult): string {
  const outcome = result.outcome;
  const served = result.location ? ` in ${describeLevel(result.location)}` : "";
  switch (outcome.kind) {
    case "response":
      return `${outcome.status}${outcome.location !== undefined ? ` → ${outcome.location}` : ""}${served}`;
    case "close":
      return `connection closed without an answer (444)${served}`;
    case "content":
      return `${outcome.handler}${served}`;
    case "no-server":
      return "no server listens on that address and port";
    case "undecidable":
      return `cannot tell: ${outcome.why}`;
  }
}

/** Routes a URL (`http://host[:port]/path?query`) through an analysed configuration. */
export function routeUrl(analysis: Analysis, url: string, method = "GET"): RouteAnswer {
  const request = requestOfUrl(url, method, []);
  const result = route(analysis.config, request);
  return {
    method,
    url,
    summary: outcomeSummary(result),
    steps: result.steps.map((step) => ({ phase: step.phase, text: step.text, at: spanOf(step.node) })),
    location: spanOf(result.location),
  };
}

/** A request for `path` that reaches the server a block is in, and where nginx takes it. */
interface Tried {
  readonly request: RouteRequest;
  readonly result: RouteResult;
}

function tryPath(config: Analysis["config"], server: ConfigNode, path: string): Tried | undefined {
  const request = requestToServer(server, path);
  return request && { request, result: route(config, request) };
}

/** Whether a routed request ended in the block (a location, or the server when the block is one). */
function reaches(tried: Tried, block: ConfigNode): boolean {
  if (tried.result.outcome.kind === "undecidable" || tried.result.outcome.kind === "no-server") return false;
  if (block.directive.name.value === "server") return tried.result.server === block;
  return tried.result.location === block;
}

/** The code lenses of a file: one per server and location, with a URL that reaches it. */
export function routingLenses(analysis: Analysis, file: string): RoutingLens[] {
  const config = analysis.config;
  const lenses: RoutingLens[] = [];
  for (const node of config.allNodes) {
    if (node.file.path !== file || !node.directive.block) continue;
    const name = node.directive.name.value;
    if (name !== "server" && name !== "location") continue;
    if (name === "server" && !node.context.startsWith("http")) continue;
    const server = name === "server" ? node : serverOf(node);
    if (!server) continue;
    // A path without the location's final slash probes nginx's automatic redirect: it reaches the
    // location only to be sent elsewhere, which is no URL to offer for it.
    const paths =
      name === "server" ? ["/"] : samplePaths(node).flatMap((s) => (s.why === "no-slash" ? [] : [s.path]));
    if (paths.length === 0) continue;
    let first: Tried | undefined;
    let hit: Tried | undefined;
    for (const path of paths) {
      const tried = tryPath(config, server, path);
      if (!tried) continue;
      first ??= tried;
      if (reaches(tried, node)) {
        hit = tried;
        break;
      }
    }
    if (!first) continue;
    const span = { file, start: node.directive.name.start, end: node.directive.name.end };
    if (hit) {
      lenses.push({ ...span, title: `${hit.request.method} ${urlOf(hit.request)}`, url: urlOf(hit.request) });
    } else {
      const winner = first.result.location;
      const why =
        first.result.outcome.kind === "undecidable"
          ? "cannot tell"
          : winner
            ? describeLevel(winner)
            : outcomeSummary(first.result);
      lenses.push({
        ...span,
        title: `Not reached: ${first.request.target} → ${why}`,
        url: urlOf(first.request),
      });
    }
  }
  return lenses;
}

/** For a location's hover: the requests near its own path it wins, and those another block takes. */
export function routingSection(analysis: Analysis, location: ConfigNode, places: Places): string | undefined {
  const server = serverOf(location);
  const base = server && requestToServer(server, "/");
  if (!server || !base) return undefined;
  const lines: string[] = [];
  for (const sample of samplePaths(location)) {
    const tried = tryPath(analysis.config, server, sample.path);
    if (!tried) continue;
    const result = tried.result;
    let verdict: string;
    if (result.outcome.kind === "undecidable") verdict = `cannot tell (${result.outcome.why})`;
    else if (result.location === location) {
      const outcome = result.outcome;
      verdict =
        outcome.kind === "response" && outcome.location !== undefined
          ? `redirected here: ${outcome.status} → ${code(outcome.location)}`
          : "this location";
    } else if (result.location)
      verdict = `${code(describeLevel(result.location))} (${places.of(result.location)})`;
    else verdict = outcomeSummary(result);
    lines.push(`- ${code(`${tried.request.method} ${sample.path}`)}: ${verdict}`);
  }
  if (lines.length === 0) return undefined;
  return `**Requests** to ${code(urlOf(base))}, as nginx routes them:\n\n${lines.join("\n")}`;
}
