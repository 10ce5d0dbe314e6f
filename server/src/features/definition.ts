// Go to definition: from an `include` argument to the file(s) it reads (globs expanded as nginx does),
// from `proxy_pass http://NAME` (and the other *_pass directives) to `upstream NAME`, and from a
// `$variable` to the map, set, geo, ... that defines it.

import * as path from "node:path";
import type { ConfigNode } from "../analysis/config";
import { expandGlob, hasGlob, type FileSystem } from "../analysis/files";
import type { Analysis } from "../service";
import { nodeAt, variableAt, wordAt, wordIndexAt } from "./nodes";
import { variableDefinitions } from "./variables";

/** A place to go: a file and the offsets of the span to select there. */
export interface Target {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** How many files a glob include may open at once: more is not a useful answer. */
const MAX_TARGETS = 200;

/** The upstream a `*_pass` argument names (`http://backend/path` names `backend`), if it names one. */
export function upstreamName(argument: string): string | undefined {
  if (argument.includes("$")) return undefined;
  const match = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/:?#\s]+)/i.exec(argument);
  const name = match?.[1];
  return name && !/^unix$/i.test(name) ? name : undefined;
}

function nodeSpan(node: ConfigNode): Target {
  const d = node.directive;
  const last = d.args[d.args.length - 1] ?? d.name;
  return { file: node.file.path, start: d.name.start, end: last.end };
}

/** Where the thing at `offset` in `file` is defined; empty when there is nothing to go to. */
export function definitionAt(analysis: Analysis, file: string, offset: number, fsys: FileSystem): Target[] {
  const config = analysis.config;
  const node = nodeAt(config, file, offset);
  if (!node) return [];
  const word = wordAt(node.directive, offset);
  if (!word) return [];
  const variable = variableAt(node.file.parsed.text, word, offset);
  if (variable) return (variableDefinitions(config.allNodes).get(variable.name) ?? []).map(nodeSpan);
  const name = node.directive.name.value;
  const index = wordIndexAt(node.directive, offset);
  if (name === "include" && index === 0) {
    const pattern = path.resolve(config.prefix, word.value);
    const files = hasGlob(word.value)
      ? expandGlob(fsys, pattern, MAX_TARGETS).matches.filter((f) => fsys.kind(f) === "file")
      : fsys.kind(pattern) === "file"
        ? [pattern]
        : [];
    // Only files the analysis was allowed to read (inside the workspace or the include roots).
    return files.filter((f) => config.files.has(f)).map((f) => ({ file: f, start: 0, end: 0 }));
  }
  if (/_pass$/.test(name) && index === 0) {
    const upstream = upstreamName(word.value);
    if (!upstream) return [];
    // The upstream of the same subsystem: an http proxy_pass never reaches a stream upstream.
    const subsystem = node.context.split(":")[0];
    return config.allNodes
      .filter(
        (n) =>
          n.directive.name.value === "upstream" &&
          n.directive.block !== undefined &&
          n.directive.args[0]?.value === upstream &&
          n.context.split(":")[0] === subsystem,
      )
      .map(nodeSpan);
  }
  return [];
}
