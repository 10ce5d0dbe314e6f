// How a level (a block that holds settings: http, server, location, if, limit_except) is named in
// messages and hovers: `server example.com`, `location /ws/`, `http`. One naming, so a finding and the
// hover beside it speak of the same place in the same words.

import type { ConfigNode } from "./config";

const serverNames = new WeakMap<ConfigNode, string>();

/** `server NAME` (its first server_name), `location /ws/` (with its modifier), `if ($x)`, or the block's name. */
export function describeLevel(node: ConfigNode): string {
  const d = node.directive;
  const name = d.name.value;
  if (name === "server") {
    // Looked up once per server: its name is in every message about its locations, and a server can
    // hold tens of thousands of them.
    let label = serverNames.get(node);
    if (label === undefined) {
      const first = node.children.find((c) => c.directive.name.value === "server_name")?.directive.args[0]
        ?.value;
      label = first ? `server ${first}` : "server";
      serverNames.set(node, label);
    }
    return label;
  }
  return [name, ...d.args.map((a) => a.value)].join(" ");
}
