// A temporary folder for a test file's configurations, removed when the file's tests end.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after } from "node:test";

export interface Scratch {
  /** The folder, with links resolved (paths in findings are real paths). */
  readonly dir: string;
  /** Writes a file under the folder (creating its folders) and returns its path. */
  write(relative: string, text: string): string;
}

export function scratchFolder(prefix: string): Scratch {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(relative, text) {
      const file = path.join(dir, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return file;
    },
  };
}
