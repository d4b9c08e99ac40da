// `porthole secrets rotate --new-key-file F`: re-encrypts every user's secret under a new master key in
// one transaction, then installs the key where the hub reads it. Stop every hub first. Safe to re-run.
import { existsSync } from "node:fs";
import { rename, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createMasterKeyFile, masterKeyFileName, openStore, parseMasterKey, planRotation, readMasterKeyFile, rotateSecrets, type MasterKey } from "@porthole/hub";

export interface RotateOptions {
  /** The hub's data directory (its SQLite file and secret-key). */
  dataDir: string;
  databaseUrl?: string | undefined;
  /** The current key's text, from PORTHOLE_SECRET_KEY. */
  secretKey?: string | undefined;
  /** The current key's file, from PORTHOLE_SECRET_KEY_FILE. */
  secretKeyFile?: string | undefined;
  /** Where the new key is read from, or made (0600) when the file does not exist. */
  newKeyFile: string;
}

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

/** The key the hub uses now, from the same sources in the same order as the hub. */
async function currentKey(opts: RotateOptions): Promise<{ key: MasterKey; defaultFile: string | undefined }> {
  if (opts.secretKey !== undefined) return { key: parseMasterKey(opts.secretKey, "PORTHOLE_SECRET_KEY"), defaultFile: undefined };
  if (opts.secretKeyFile !== undefined) return { key: await readMasterKeyFile(opts.secretKeyFile), defaultFile: undefined };
  const file = join(opts.dataDir, masterKeyFileName);
  if (!existsSync(file)) throw new Error(`no current master key: ${file} does not exist and neither PORTHOLE_SECRET_KEY nor PORTHOLE_SECRET_KEY_FILE is set`);
  return { key: await readMasterKeyFile(file), defaultFile: file };
}

export async function rotateCommand(opts: RotateOptions, io: Io): Promise<number> {
  const say = (text: string) => io.stdout.write(`porthole: ${text}\n`);
  const { key: current, defaultFile } = await currentKey(opts);
  if (await createMasterKeyFile(opts.newKeyFile)) say(`made a new master key in ${opts.newKeyFile} (mode 0600)`);
  const next = await readMasterKeyFile(opts.newKeyFile);
  if (next.id === current.id) {
    io.stderr.write(`porthole: ${opts.newKeyFile} holds the current master key (${current.id}); give a new one, or a path that does not exist yet\n`);
    return 2;
  }
  const store = await openStore({ sqliteFile: join(opts.dataDir, "hub.db"), ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}) });
  try {
    const plan = await planRotation(store, current, next);
    say(`current master key ${current.id} (${defaultFile ?? current.source}), new ${next.id}; ${plan.total} secret(s) in the ${store.engine} store`);
    if (plan.unknown > 0) {
      io.stderr.write(`porthole: ${plan.unknown} secret(s) are sealed under keys that are neither of these (${Object.keys(plan.byKey).filter((id) => id !== current.id && id !== next.id).join(", ")}); nothing was changed\n`);
      return 1;
    }
    let lastShown = 0;
    const resealed = await rotateSecrets(store, current, next, (done, total) => {
      if (done === total || done - lastShown >= Math.max(1, Math.floor(total / 20))) {
        lastShown = done;
        say(`re-encrypted ${done}/${total}`);
      }
    });
    say(`committed: ${resealed} secret(s) are now sealed under ${next.id}`);
  } catch (err) {
    io.stderr.write(`porthole: rotation failed, nothing was changed (one transaction): ${(err as Error).message}\n`);
    return 1;
  } finally {
    await store.close();
  }
  if (defaultFile) {
    // Write beside it, then rename over it: the file is always a whole key. A crash before this line
    // leaves the old key in place: run the same command again to finish.
    const staged = `${defaultFile}.new`;
    await writeFile(staged, await readFile(opts.newKeyFile, "utf8"), { mode: 0o600 });
    await rename(staged, defaultFile);
    say(`installed the new key as ${defaultFile}; the old key opens nothing any more. Start the hub again.`);
  } else {
    say(`now start the hub with PORTHOLE_SECRET_KEY_FILE=${opts.newKeyFile} (or PORTHOLE_SECRET_KEY set to its contents); the old key opens nothing any more`);
  }
  return 0;
}
