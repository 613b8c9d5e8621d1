/**
 * The emulated world and its optional state file. The file is written atomically (a temporary
 * file in the same folder, then a rename), so a crash never leaves half a file behind. A file
 * that cannot be read back is never overwritten: macie-local refuses to start instead.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REGION_STATE_MAPS, dict, type World } from "./types";

export function emptyWorld(): World {
  return { version: 1, accounts: dict(), organizationAdmins: dict() };
}

/** Makes an object parsed from JSON prototype-less (see `dict`), keeping its own keys. */
function asDict(value: unknown): Record<string, any> {
  const out = dict<any>();
  if (value && typeof value === "object" && !Array.isArray(value)) Object.assign(out, value);
  return out;
}

/**
 * The maps of a loaded world, keyed by ids, account ids and Regions, made prototype-less like
 * those of a fresh world, so that lookups by a caller's string are safe after a restart too.
 */
function normalize(world: any): World {
  world.accounts = asDict(world.accounts);
  world.organizationAdmins = asDict(world.organizationAdmins);
  for (const [account, regions] of Object.entries(world.accounts)) {
    const byRegion = (world.accounts[account] = asDict(regions));
    for (const [region, state] of Object.entries<any>(byRegion)) {
      if (!state || typeof state !== "object") continue;
      for (const key of REGION_STATE_MAPS) state[key] = asDict(state[key]);
      byRegion[region] = state;
    }
  }
  return world as World;
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
  return normalize(world);
}

/** Writes the world to `file` atomically. */
export function saveWorld(file: string, world: World): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(world, null, 1));
  fs.renameSync(tmp, file);
}
