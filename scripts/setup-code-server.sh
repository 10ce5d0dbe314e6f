#!/usr/bin/env bash
# Installs code-server (VS Code in a browser) into the git-ignored .code-server/ of this repository, so that
# test/editor/run-code-server.mjs can run the extension's tests inside a real VS Code with headless Chromium.
#
# Why not @vscode/test-electron: it downloads VS Code at run time, and these machines reach only the npm
# registry and Debian's packages. code-server 4.100.3 is VS Code 1.100.3 from npm, the newest line that
# still runs on Node 20.
#
# Idempotent: it does nothing when the installed code-server already reports the wanted version, and asks
# apt only for the Debian packages that are missing. Run as root (CI does); needs python3, make and g++
# (the node-gyp rebuilds) and Node's headers under /usr/include/node.
#
#   bash scripts/setup-code-server.sh            # install or confirm
#   CODE_SERVER_DIR=/somewhere bash scripts/...  # install elsewhere (run-code-server.mjs reads the same variable)
set -euo pipefail

VERSION="4.100.3"
START=$(date +%s)
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${CODE_SERVER_DIR:-$REPO/.code-server}"
BIN="$DEST/node_modules/.bin/code-server"
# Written last, so that an install that died half-way is redone rather than trusted.
MARKER="$DEST/.installed-version"

say() { printf 'setup-code-server: %s\n' "$*"; }
elapsed() { echo "$(($(date +%s) - START))"; }

# --- Debian packages: ripgrep (code-server's search; its npm package downloads from GitHub, so we link
# the system rg instead), libkrb5-dev (headers for the kerberos addon) and chromium (the browser the tests
# drive). Only the missing ones, so a machine that has them never waits on the apt lock.
missing=()
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q "install ok installed" || missing+=(libkrb5-dev)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have empty package lists; update once before installing.
  apt-get update -o DPkg::Lock::Timeout=300 -qq
  apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null
fi

version_of() {
  # `code-server --version` prints "4.100.3 <commit> with Code 1.100.3", but on its first run a log line
  # about the default config file comes first; pick the version line. Its config goes to a throwaway
  # XDG_CONFIG_HOME so that the check leaves nothing in root's home.
  local xdg
  xdg="$(mktemp -d)"
  XDG_CONFIG_HOME="$xdg" "$BIN" --version 2>/dev/null | grep -Eo '^[0-9]+\.[0-9]+\.[0-9]+ ' | head -n 1 | tr -d ' '
  rm -rf "$xdg"
}

installed_version() {
  [ -x "$BIN" ] && [ -f "$MARKER" ] && version_of
}

if [ "$(installed_version || true)" = "$VERSION" ]; then
  say "code-server $VERSION already installed in $DEST ($(elapsed) s)"
  exit 0
fi

say "installing code-server $VERSION into $DEST"
# Start clean, but only ever delete a folder this script made (CODE_SERVER_DIR could point anywhere).
if [ -d "$DEST" ] && [ -n "$(ls -A "$DEST")" ] && ! grep -q '"code-server-install"' "$DEST/package.json" 2>/dev/null; then
  say "$DEST exists and was not made by this script; refusing to replace it"
  exit 1
fi
rm -rf "$DEST"
mkdir -p "$DEST"
cd "$DEST"
# A minimal manifest (`npm init -y` refuses the folder name ".code-server").
echo '{ "name": "code-server-install", "private": true }' >package.json
# --ignore-scripts: code-server's postinstall refuses to run as root, and @vscode/ripgrep's downloads
# from GitHub. The steps below do by hand what those scripts would do, offline.
npm install --no-audit --no-fund --ignore-scripts --loglevel=error "code-server@$VERSION"

# node-gyp must build against the local Node's headers: it cannot download them here.
export npm_config_nodedir=/usr
npm rebuild --loglevel=error argon2

cd node_modules/code-server/lib/vscode
npm install --no-audit --no-fund --omit=dev --ignore-scripts --loglevel=error
npm rebuild --loglevel=error native-watchdog @parcel/watcher @vscode/deviceid @vscode/spdlog kerberos
# pty.node builds; only an optional post step that wants the network fails, so check the binary instead.
# Its (long, expected) error output goes to a log that is shown only when the binary is missing.
npm rebuild --loglevel=error node-pty >"$DEST/node-pty-rebuild.log" 2>&1 || true
test -f node_modules/node-pty/build/Release/pty.node || {
  cat "$DEST/node-pty-rebuild.log"
  say "node-pty did not build (node_modules/node-pty/build/Release/pty.node missing)"
  exit 1
}
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# VS Code looks for node_modules.asar in a packaged build; the plain folder serves the same lookups.
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
# The built-in extensions' own dependencies (language features the workbench loads at start).
(cd extensions && npm install --no-audit --no-fund --omit=dev --loglevel=error >/dev/null)

got="$(version_of)"
if [ "$got" != "$VERSION" ]; then
  say "installed code-server reports '$got', expected $VERSION"
  exit 1
fi
echo "$VERSION" >"$MARKER"
say "code-server $VERSION installed in $DEST ($(du -sh "$DEST" | cut -f1)) in $(elapsed) s"
