// Names for places in a configuration, for texts shown to people: "nginx.conf:12" and "location /ws/".

import * as path from "node:path";
import type { ConfigNode, LoadedConfig } from "../analysis/config";
import { PositionMapper } from "../diagnostics";
import { lineStartOf } from "../parser/lines";

/**
 * Names places in one loaded configuration while one answer is being built. Its line numbers come
 * from the same mapper diagnostics are positioned with, so a hover's "file:line" and a diagnostic's
 * line agree on what a line is (LF, CRLF or a lone CR).
 */
export class Places {
  private readonly positions: PositionMapper;

  /** @param base the directory paths are shown relative to (the configuration's prefix). */
  constructor(
    private readonly base: string,
    config: LoadedConfig,
  ) {
    this.positions = new PositionMapper((file) => config.files.get(file)?.parsed.text ?? "");
  }

  /** 1-based line of an offset in a node's file. */
  line(node: ConfigNode, offset = node.directive.name.start): number {
    return this.positions.positionAt(node.file.path, offset).line + 1;
  }

  /** A file as people read it: relative to the base when inside it, else absolute. */
  file(file: string): string {
    const relative = path.relative(this.base, file);
    return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
  }

  /** `file:line` of a node. */
  of(node: ConfigNode): string {
    return `${this.file(node.file.path)}:${this.line(node)}`;
  }
}

/** The text of a statement as written (its first `maxLines` lines), for code blocks. */
export function sourceOf(node: ConfigNode, end: number, maxLines = 12): string {
  const text = node.file.parsed.text;
  const lineStart = lineStartOf(text, node.directive.name.start);
  const indent = /^[ \t]*/.exec(text.slice(lineStart, node.directive.name.start))?.[0] ?? "";
  const lines = text
    .slice(node.directive.name.start, end)
    .split(/\r\n|\r|\n/)
    .map((line, i) => (i > 0 && line.startsWith(indent) ? line.slice(indent.length) : line));
  return lines.length > maxLines ? [...lines.slice(0, maxLines - 1), "..."].join("\n") : lines.join("\n");
}
