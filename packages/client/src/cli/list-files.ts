import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface ListedFiles {
  /** Regular files, in command-line order; a directory's files sorted by path. */
  files: string[];
  /** Command-line paths that do not exist or cannot be read. */
  missing: { path: string; reason: string }[];
}

const reasonOf = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unreadable';

/** Regular files below a directory (symbolic links to files count; links to directories are not followed). */
async function walk(directory: string, into: string[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) await walk(path, into);
    else if (entry.isFile()) into.push(path);
    else if (entry.isSymbolicLink()) {
      const target = await stat(path).catch(() => undefined);
      if (target?.isFile() === true) into.push(path);
    }
  }
}

/** Expand `lucent upload` arguments: files as given, directories recursively; sockets, FIFOs and devices skipped. */
export async function listFiles(paths: readonly string[]): Promise<ListedFiles> {
  const listed: ListedFiles = { files: [], missing: [] };
  for (const path of paths) {
    try {
      const info = await stat(path);
      if (info.isDirectory()) await walk(path, listed.files);
      else if (info.isFile()) listed.files.push(path);
    } catch (error) {
      listed.missing.push({ path, reason: reasonOf(error) });
    }
  }
  return listed;
}
