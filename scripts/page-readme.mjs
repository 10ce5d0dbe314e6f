// The README the extension's page shows (dist/README.md, packaged by `vsce package --readme-path` as the
// .vsix's readme.md): README.md with each relative image inlined as a data: URI.
//
// Why: VS Code's Extension details editor renders the README in a webview with no base URL and a
// Content-Security-Policy of `img-src https: data:`, so a relative image such as docs/images/x.png is
// fetched from the webview's own address and breaks, even though the file is in the .vsix. Without a
// public repository there is no https: address to rewrite it to (what vsce does by default); a data:
// URI needs none, and works offline. The repository's README.md keeps its relative paths for readers
// of the source.

import * as fs from "node:fs";
import * as path from "node:path";

const TYPES = { ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif" };

/** Markdown images: `![alt](target)` or `![alt](target "title")`. */
const IMAGE = /(!\[[^\]]*\]\()([^)\s]+)((?:\s+"[^"]*")?\))/g;

/** README text with its relative images inlined; `root` is the folder the paths are relative to. */
export function inlineImages(text, root) {
  return text.replace(IMAGE, (whole, open, target, close) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) return whole;
    const file = path.join(root, decodeURIComponent(target));
    const type = TYPES[path.extname(file).toLowerCase()];
    // SVG is refused by the marketplaces, and a missing file would be a broken image on the page: both
    // stop the build rather than ship a page that looks wrong.
    if (!type) throw new Error(`README image ${target}: only ${Object.keys(TYPES).join(" ")} can be inlined`);
    if (!fs.existsSync(file)) throw new Error(`README image ${target} does not exist`);
    return `${open}data:${type};base64,${fs.readFileSync(file).toString("base64")}${close}`;
  });
}

/** Writes dist/README.md from README.md under `root`. */
export function writePageReadme(root) {
  const text = fs.readFileSync(path.join(root, "README.md"), "utf8");
  fs.mkdirSync(path.join(root, "dist"), { recursive: true });
  fs.writeFileSync(path.join(root, "dist", "README.md"), inlineImages(text, root));
}
