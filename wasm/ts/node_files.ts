/**
 * Node only: file writes with the native CLI's atomic replace (a temporary file beside the target,
 * then rename, so a crash never leaves half a file), and Node's errors as the CLI's reasons.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';

/** Why a host could not read or write a file, as the core's CLI host contract names it. */
export type FileErrorReason = 'not_found' | 'permission_denied' | 'other';

/**
 * Replaces `path` with `data` through a temporary file and rename.
 * @throws {Error} Node's file system error when the file cannot be written (the temporary file removed)
 */
export function replaceFileSync(path: string, data: string | Uint8Array): void {
  // Unique per process and call: two processes saving the same file never write one temporary file.
  const temp = `${path}.tmp-learnloop-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** The reason for a Node file error (ENOENT, EACCES, anything else). */
export function fileErrorReason(error: unknown): FileErrorReason {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'not_found' : code === 'EACCES' ? 'permission_denied' : 'other';
}
