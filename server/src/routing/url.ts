// A URL as the request a client sends for it, without normalizing anything: WHATWG URL parsing would
// resolve `..` and re-encode the path, which is exactly what must reach route() untouched. Used by
// `nginx-lint route` and the editor's "Test a URL".

import type { RouteRequest } from "./route";

/** A URL route() cannot take; the message names it. */
export class UrlError extends Error {}

/**
 * The request for `http(s)://host[:port]/path?query`, with extra headers (a Host among them wins),
 * arriving at `address` when given (else at the port's wildcard socket, or its first address).
 */
export function requestOfUrl(
  url: string,
  method: string,
  headers: readonly [string, string][],
  address?: string,
): RouteRequest {
  const match = /^(https?):\/\/([^/?#\s]*)([^\s]*)$/i.exec(url);
  if (!match) throw new UrlError(`"${url}" is not an http:// or https:// URL`);
  const scheme = (match[1] as string).toLowerCase() as "http" | "https";
  const authority = match[2] as string;
  const rest = (match[3] as string).replace(/#.*$/, "");
  const portMatch = /^(.*?)(?::(\d+))?$/.exec(
    authority.startsWith("[") ? authority.replace(/^\[[^\]]*\]/, "") : authority,
  );
  const port = portMatch?.[2] !== undefined ? Number(portMatch[2]) : scheme === "https" ? 443 : 80;
  if (!(port > 0 && port < 65536)) throw new UrlError(`"${url}": the port must be 1-65535`);
  const hostHeader = headers.find(([n]) => n.toLowerCase() === "host");
  const target = rest === "" ? "/" : rest.startsWith("?") ? `/${rest}` : rest;
  const sni = authority.replace(/:\d+$/, "");
  return {
    method,
    scheme,
    host: hostHeader ? hostHeader[1] : authority,
    port,
    target,
    headers: headers.filter(([n]) => n.toLowerCase() !== "host"),
    ...(address !== undefined ? { address } : {}),
    ...(scheme === "https" ? { sni } : {}),
  };
}
