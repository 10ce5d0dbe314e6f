// The directives that answer a request in the content phase: the ones that pass it to an upstream
// (a prefix location holding one redirects its name without the final "/"), and the rest. One list,
// for the location search, the end of a trace and the directives that are not inherited.

/** Directives that pass the request to an upstream. */
export const PASS_DIRECTIVES: ReadonlySet<string> = new Set([
  "proxy_pass",
  "fastcgi_pass",
  "uwsgi_pass",
  "scgi_pass",
  "memcached_pass",
  "grpc_pass",
]);

/** Every directive that makes a block answer the request itself. */
export const CONTENT_HANDLERS: ReadonlySet<string> = new Set([
  ...PASS_DIRECTIVES,
  "try_files",
  "stub_status",
  "empty_gif",
]);
