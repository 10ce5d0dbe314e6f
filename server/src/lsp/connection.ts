// The language server over a connection: diagnostics for open nginx documents, computed by the same
// service the command line uses. This is the only code that imports vscode-languageserver.

import { fileURLToPath } from "node:url";
import {
  type Connection,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic as LspDiagnostic,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { overlayFileSystem } from "../analysis/files";
import { PositionMapper, toDiagnostic } from "../diagnostics";
import { analyze } from "../service";

/** Wires the handlers onto a connection and starts listening. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);

  connection.onInitialize(() => ({
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: "nginx-language-server" },
  }));

  const validate = (document: TextDocument): void => {
    try {
      const file = document.uri.startsWith("file:") ? fileURLToPath(document.uri) : document.uri;
      const open = new Map<string, string>();
      for (const doc of documents.all()) {
        if (doc.uri.startsWith("file:")) open.set(fileURLToPath(doc.uri), doc.getText());
      }
      const fs = overlayFileSystem(open);
      const analysis = analyze(file, { fs, text: document.getText() });
      const mapper = new PositionMapper((f) => (f === file ? document.getText() : fs.readText(f)));
      const diagnostics = analysis.findings
        .filter((f) => f.file === file)
        .map((f) => toDiagnostic(f, mapper) as unknown as LspDiagnostic);
      void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    } catch (error) {
      // A bug in one analysis must not take the server down; say so in the log and go on.
      connection.console.error(
        `nginx-language-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  };

  documents.onDidOpen((event) => validate(event.document));
  documents.onDidChangeContent((event) => validate(event.document));
  documents.onDidClose(
    (event) => void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] }),
  );
  documents.listen(connection);
  connection.listen();
}
