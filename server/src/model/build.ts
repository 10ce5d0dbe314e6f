// Which of nginx's optional modules a build compiles in and which it ships as dynamic modules that
// a configuration must load with `load_module`. nginx.org's packages build `stream` and `mail` in and
// ship perl, xslt, image_filter, geoip (and njs) as separate dynamic modules; Debian's build makes
// `stream` and `mail` dynamic too (`--with-stream=dynamic`, `--with-mail=dynamic`), installed by the
// libnginx-mod-* packages. `auto` reads `nginx -V` of the nginx on PATH (see settings.ts).

import type { DirectiveFact } from "./directives";

/** What a build holds beyond nginx's version: which modules need loading, which are not there at all. */
export interface Build {
  /** How the build was chosen, for messages: "nginx.org", "debian", "all", or "nginx -V". */
  readonly name: string;
  /** The shared objects it needs loaded, by the name of their `.so` file without the extension. */
  readonly dynamic: ReadonlySet<string>;
  /** Modules it does not have at all (other platforms' event methods, modules no package enables). */
  readonly absent: ReadonlySet<string>;
  /** Directives it has ahead of its version (a distribution's security update brought them). */
  readonly backported: ReadonlySet<string>;
}

/** The builds the `build` setting names. */
export const BUILD_NAMES = ["debian", "nginx.org", "all", "auto"] as const;
export type BuildName = (typeof BUILD_NAMES)[number];

const NGINX_ORG_DYNAMIC = [
  "ngx_http_perl_module",
  "ngx_http_xslt_filter_module",
  "ngx_http_image_filter_module",
  "ngx_http_geoip_module",
  "ngx_stream_geoip_module",
];

/** Event methods of other systems (kqueue: BSD and macOS; /dev/poll, event ports: Solaris; IOCP: Windows). */
const OTHER_PLATFORMS = [
  "ngx_kqueue_module",
  "ngx_devpoll_module",
  "ngx_eventport_module",
  "ngx_iocp_module",
];

/** Modules only `configure` options nobody's packages give build (checked on Debian's nginx -t). */
const NOT_PACKAGED = ["ngx_http_degradation_module", "ngx_google_perftools_module"];

export const BUILDS: Readonly<Record<Exclude<BuildName, "auto">, Build>> = {
  "nginx.org": {
    name: "nginx.org",
    dynamic: new Set(NGINX_ORG_DYNAMIC),
    absent: new Set([...OTHER_PLATFORMS, ...NOT_PACKAGED]),
    backported: new Set(),
  },
  debian: {
    name: "debian",
    dynamic: new Set([...NGINX_ORG_DYNAMIC, "ngx_stream_module", "ngx_mail_module"]),
    absent: new Set([...OTHER_PLATFORMS, ...NOT_PACKAGED]),
    // Debian 12's security updates of 1.22.1 (1.22.1-9+deb12u11 checked) brought max_headers.
    backported: new Set(["max_headers"]),
  },
  all: { name: "all", dynamic: new Set(), absent: new Set(), backported: new Set() },
};

/** The `.so` a directive's module is part of: every stream and mail module is in one object each. */
export function sharedObjectOf(fact: DirectiveFact): string | undefined {
  if (fact.origin === "njs")
    return fact.subsystem === "stream" ? "ngx_stream_js_module" : "ngx_http_js_module";
  if (fact.module === "ngx_stream_geoip_module") return fact.module;
  if (fact.subsystem === "stream") return "ngx_stream_module";
  if (fact.subsystem === "mail") return "ngx_mail_module";
  if (fact.module === "ngx_stream_module" || fact.module === "ngx_mail_module") return fact.module;
  return NGINX_ORG_DYNAMIC.includes(fact.module) ? fact.module : undefined;
}

/** `configure` options of `nginx -V` and the shared object each one builds. */
const CONFIGURE_FLAGS: readonly [string, string][] = [
  ["stream", "ngx_stream_module"],
  ["mail", "ngx_mail_module"],
  ["http_perl_module", "ngx_http_perl_module"],
  ["http_xslt_module", "ngx_http_xslt_filter_module"],
  ["http_image_filter_module", "ngx_http_image_filter_module"],
  ["http_geoip_module", "ngx_http_geoip_module"],
  ["stream_geoip_module", "ngx_stream_geoip_module"],
];

/**
 * The build described by `nginx -V`'s configure arguments: a module given as `--with-X` is built in;
 * `--with-X=dynamic`, or not given at all, needs `load_module` (a separately built module may exist).
 */
export function buildFromConfigureArguments(text: string, platform: string = process.platform): Build {
  const dynamic = new Set<string>();
  for (const [flag, object] of CONFIGURE_FLAGS) {
    const match = new RegExp(`--with-${flag}(=dynamic)?(?=\\s|$)`).exec(text);
    if (!match || match[1]) dynamic.add(object);
  }
  const absent = new Set<string>();
  if (!/--with-http_degradation_module(?=\s|$)/.test(text)) absent.add("ngx_http_degradation_module");
  if (!/--with-google_perftools_module(?=\s|$)/.test(text)) absent.add("ngx_google_perftools_module");
  // configure picks the event methods of the system it runs on.
  if (platform === "linux") for (const m of OTHER_PLATFORMS) absent.add(m);
  return { name: "nginx -V", dynamic, absent, backported: new Set() };
}
