// nginx-language-server: the entry point. `--stdio` (the default) talks LSP over stdin/stdout.

import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./lsp/connection";

if (process.argv.includes("--help")) {
  process.stdout.write(
    "Usage: nginx-language-server --stdio\n\nThe nginx language server, speaking LSP over stdin/stdout.\n",
  );
} else {
  if (!process.argv.some((a) => a === "--stdio" || a.startsWith("--node-ipc") || a.startsWith("--socket"))) {
    process.argv.push("--stdio");
  }
  startServer(createConnection(ProposedFeatures.all));
}
