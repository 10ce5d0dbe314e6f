// nginx versions as [major, minor, patch], and the target version the checks assume by default.

export type Version = readonly [number, number, number];

/**
 * The default target: nginx 1.22.1, as Debian 12 ships it. It is the conservative choice: anything
 * that works there works on newer nginx, and it is the `nginx -t` the tests compare against.
 */
export const DEFAULT_TARGET_VERSION: Version = [1, 22, 1];

/** Parses "1.22.1" (or "1.25"); undefined when it is not a version. */
export function parseVersion(text: string): Version | undefined {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

/** Negative, zero or positive as a is older than, equal to or newer than b. */
export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export function formatVersion(version: Version): string {
  return version.join(".");
}
