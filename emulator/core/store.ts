/**
 * The emulated world and its optional state file. The file is written atomically (a temporary
 * file in the same folder, then a rename), so a crash never leaves half a file behind. A file
 * that cannot be read back is never overwritten: macie-local refuses to start instead.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { World } from "./types";

export function emptyWorld(): World {
  return { version: 1, accounts: {}, organizationAdmins: {} };
}

/** A state file that macie-local will not use (and will not overwrite). */
export class StateFileError extends Error {}

/** Loads the world from `file`; undefined when the file does not exist yet. */
export function loadWorld(file: string): World | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e: any) {
    if (e.code === "ENOENT") return undefined;
    throw new StateFileError(`macie-local: cannot read state file ${file}: ${e.message}`);
  }
  let world: any;
  try {
    world = JSON.parse(text);
  } catch (e: any) {
    throw new StateFileError(
      `macie-local: state file ${file} is not valid JSON (${e.message}). ` +
        "Refusing to start so that the file is not overwritten; fix or remove it.",
    );
  }
  if (!world || typeof world !== "object" || world.version !== 1 || typeof world.accounts !== "object" || world.accounts === null) {
    throw new StateFileError(
      `macie-local: state file ${file} is not a macie-local state (version 1 with "accounts"). ` +
        "Refusing to start so that the file is not overwritten; fix or remove it.",
    );
  }
  world.organizationAdmins ??= {};
  return world as World;
}

/** Writes the world to `file` atomically. */
export function saveWorld(file: string, world: World): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(world, null, 1));
  fs.renameSync(tmp, file);
}
