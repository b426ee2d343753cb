import { accessSync, constants, statSync } from "node:fs";
import { userInfo } from "node:os";
import { dirname, resolve } from "node:path";

const INSTEAD = "or pass --db with a path in a folder this user can write to";

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/**
 * Why the database at `path` cannot be created or written, in words for whoever runs socialroi:
 * which file or folder, which permission is missing, what to do. DuckDB only says "Permission
 * denied" about one of its files, and a writable file is not enough: the .wal, .secrets and
 * .clicks.wal files are created beside it. Undefined when nothing stands in the way.
 */
export function writeProblem(path: string): string | undefined {
  const file = resolve(path);
  const folder = dirname(file);
  const user = userInfo().username;
  try {
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch (error) {
    if (code(error) === "EACCES" || code(error) === "EPERM")
      return `The database file ${file} is not writable by ${user}: give ${user} read and write permission on it (chmod u+rw), ${INSTEAD}.`;
    if (code(error) === "EROFS")
      return `The database file ${file} is on a read-only file system: ${INSTEAD}.`;
  }
  try {
    if (!statSync(folder).isDirectory()) return `${folder} is a file, not a folder: ${INSTEAD}.`;
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch (error) {
    switch (code(error)) {
      case "ENOENT":
        return `The folder ${folder} does not exist: create it (mkdir -p), ${INSTEAD}.`;
      case "ENOTDIR":
        return `${folder} is not a folder (part of the path is a file): ${INSTEAD}.`;
      case "EROFS":
        return `The folder ${folder} is on a read-only file system: ${INSTEAD}.`;
      case "EACCES":
      case "EPERM":
        return (
          `${user} cannot create files in the folder ${folder}, where the database and the files beside it ` +
          `(.wal, .secrets, .clicks.wal) are written: give ${user} write permission on the folder ` +
          `(chmod u+w or chown), ${INSTEAD}.`
        );
    }
  }
  return undefined;
}
