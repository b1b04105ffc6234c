// Writing what a command produced to the file named by --out: never over an existing file without
// --force, never inside the workspace (what goes out is a copy to keep or share; the workspace
// holds only imgplan's own files), only into a folder that exists.
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../domain/errors.js';
import { atomicWrite } from '../store/safe-write.js';
import type { Deps } from './deps.js';

export interface OutputFile {
  /** As typed; relative paths are taken from the working folder. */
  out: string;
  force?: boolean | undefined;
  /** A file name to suggest when --out names a folder, e.g. plan.md. */
  example: string;
}

/** `p` with symbolic links resolved, as far as it exists. */
function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    const parent = path.dirname(p);
    return parent === p ? p : path.join(realPath(parent), path.basename(p));
  }
}

function isInside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** Writes `text` to the --out file and says where on standard error. */
export async function writeOutputFile(deps: Deps, workspaceHome: string, text: string, opts: OutputFile): Promise<void> {
  const target = path.resolve(deps.cwd, opts.out);
  // As typed and through symbolic links: a linked folder must not lead into the workspace either.
  if (isInside(workspaceHome, target) || isInside(realPath(workspaceHome), realPath(target)))
    throw new InputError('export-into-workspace', `${opts.out} is inside the workspace (${workspaceHome})`, [], "write it somewhere else; the workspace holds only imgplan's own files");
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) throw new InputError('out-is-folder', `${opts.out} is a folder`, [], `give a file name, e.g. --out ${opts.example}`);
    if (!opts.force) throw new InputError('out-exists', `${opts.out} already exists`, [], 'add --force to replace it');
  }
  if (!existsSync(path.dirname(target)) || !statSync(path.dirname(target)).isDirectory())
    throw new InputError('no-such-folder', `the folder of ${opts.out} does not exist`, [], 'make the folder first, or give --out a path in a folder that exists');
  // What goes out holds the person's plan or letters, which are private: written atomically,
  // readable only by its owner.
  await atomicWrite(target, text);
  deps.err(`Wrote ${target}\n`);
}
