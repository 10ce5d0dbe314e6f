// Placeholder: the built-in variable facts are being written (see VariableFact). Kept compilable.

/** A variable nginx itself defines (by a module), or a family of them sharing a prefix. */
export interface VariableFact {
  /** The name without `$`; for a prefix family (e.g. `http_`), the prefix. */
  readonly name: string;
  /** True when `name` is a prefix: every `$name...` is defined (e.g. `$http_upgrade`). */
  readonly prefix: boolean;
  /** The module that defines it, e.g. `ngx_http_core_module`. */
  readonly module: string;
  /** Which configuration it belongs to. */
  readonly subsystem: "http" | "stream";
  /** A one- or two-sentence explanation, written by this project. */
  readonly summary: string;
  /** The nginx version that introduced it, when known. */
  readonly since?: string;
}

export const BUILTIN_VARIABLES: readonly VariableFact[] = [];
