// Which directives define variables, and which of their arguments names the variable: shared by the
// undefined-variable check and the editor's hover, completion and go to definition.

import type { ConfigNode } from "./config";

/** Which argument of a defining directive names the variable it defines, given the argument count. */
const DEFINERS: ReadonlyMap<string, (argCount: number) => number> = new Map([
  ["set", () => 0],
  ["map", () => 1],
  ["geo", (n: number) => n - 1],
  ["split_clients", () => 1],
  ["perl_set", () => 0],
  ["js_set", () => 0],
  ["js_var", () => 0],
  ["auth_request_set", () => 0],
  ["set_by_lua", () => 0],
  ["set_by_lua_block", () => 0],
  ["set_by_lua_file", () => 0],
]);

/** The index of the argument that names the variable a node defines, or -1 when it defines none. */
export function definingArgument(node: ConfigNode): number {
  const position = DEFINERS.get(node.directive.name.value);
  // Inside a map or geo body the words are table entries, not directives.
  if (!position || node.context === "table") return -1;
  return position(node.directive.args.length);
}

/** The name a node defines (without `$` and braces), or undefined when it defines none. */
export function definedName(node: ConfigNode): string | undefined {
  const arg = node.directive.args[definingArgument(node)];
  if (!arg || !arg.value.startsWith("$")) return undefined;
  return arg.value.slice(1).replace(/^\{(.*)\}$/, "$1");
}
