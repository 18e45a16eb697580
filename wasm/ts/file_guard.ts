/**
 * Node only, for the in-memory backend (Node 20): what keeps a copy of a SQLite file in memory from losing
 * another process's rows. A stamp of the file and its -wal taken when the file is read, compared before it
 * is written back (a change means another process wrote it: saving would overwrite its rows); a check that
 * a -wal holds no committed frames the file lacks (reading the file alone would miss them); and whether
 * this process may write the file in place at all.
 */
import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';

/** What a file looked like: absent, or its identity, size and modification time. */
type FileStamp = string;

/** The stamp of `path` (its -wal included) at this moment. */
export function stampOf(path: string): FileStamp {
  const one = (p: string) => {
    try {
      const s = statSync(p, { bigint: true });
      return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
    } catch {
      return 'absent';
    }
  };
  return `${one(path)}|${one(`${path}-wal`)}`;
}

/** Size of a WAL file header and of a frame header, in bytes (SQLite's file format). */
const WAL_HEADER = 32;
const FRAME_HEADER = 24;

/** The first `n` bytes of `path`, or fewer when it is shorter (none when it cannot be read). */
function head(path: string, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    return out.subarray(0, readSync(fd, out, 0, n, 0));
  } catch {
    return out.subarray(0, 0);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * True when `path`-wal may hold committed frames that `path` itself lacks: a writer is open on it, or was
 * killed before its checkpoint. False when there is no -wal, it holds no frames, or its -shm index says
 * every frame was copied back into the file (and the -wal holds nothing past them).
 */
export function walHasPendingFrames(path: string): boolean {
  let size: number;
  try {
    size = statSync(`${path}-wal`).size;
  } catch {
    return false;
  }
  if (size <= WAL_HEADER) return false;
  const wal = head(`${path}-wal`, WAL_HEADER);
  const shm = head(`${path}-shm`, 136);
  if (wal.length < WAL_HEADER || shm.length < 136) return true;
  const walView = new DataView(wal.buffer, wal.byteOffset, wal.length);
  const shmView = new DataView(shm.buffer, shm.byteOffset, shm.length);
  const pageSize = walView.getUint32(8, false);
  // The wal-index header (native byte order, little-endian here): isInit at 12, mxFrame at 16; nBackfill at 96.
  if (shm[12] !== 1) return true;
  const mxFrame = shmView.getUint32(16, true);
  const nBackfill = shmView.getUint32(96, true);
  return mxFrame > nBackfill || size > WAL_HEADER + mxFrame * (pageSize + FRAME_HEADER);
}

/** True when this process may replace `path` in place (an absent file counts when its folder is writable). */
export function canWriteInPlace(path: string, folder: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
  }
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
