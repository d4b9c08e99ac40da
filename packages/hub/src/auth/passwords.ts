// Password hashing with argon2id (@node-rs/argon2). The PHC string keeps its own parameters, so
// older hashes still verify and are upgraded at login when the configured cost has grown.
import { hash, parseOptions, verify, type Options } from "@node-rs/argon2";
import { randomBytes } from "node:crypto";
import type { AuthConfig } from "./authConfig.js";

/** Algorithm.Argon2id and Version.V0x13 of @node-rs/argon2 (const enums cannot be imported here). */
const argon2id = 2 as NonNullable<Options["algorithm"]>;
const version13 = 1 as NonNullable<Options["version"]>;

export interface PasswordHasher {
  /** An argon2id PHC string for the (NFC-normalised) password. */
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a hash it cannot parse. */
  verify(phc: string, password: string): Promise<boolean>;
  /** Spends about the time of verify on a made-up hash and returns false: for unknown users. */
  verifyDummy(password: string): Promise<false>;
  /** Whether the hash was made with another algorithm or with less cost than configured. */
  needsRehash(phc: string): boolean;
}

export function createPasswordHasher(params: AuthConfig["argon2"]): PasswordHasher {
  const options: Options = { algorithm: argon2id, version: version13, memoryCost: params.memoryKiB, timeCost: params.passes, parallelism: params.parallelism };
  let dummy: Promise<string> | undefined;
  const normalise = (password: string) => password.normalize("NFC");

  async function check(phc: string, password: string): Promise<boolean> {
    try {
      return await verify(phc, normalise(password));
    } catch {
      return false;
    }
  }

  return {
    hash: (password) => hash(normalise(password), options),
    verify: check,
    async verifyDummy(password) {
      dummy ??= hash(randomBytes(32), options);
      await check(await dummy, password);
      return false;
    },
    needsRehash(phc) {
      try {
        const p = parseOptions(phc);
        return p.algorithm !== argon2id || p.version !== version13 || p.memoryCost < params.memoryKiB || p.timeCost < params.passes || p.parallelism !== params.parallelism;
      } catch {
        return true;
      }
    },
  };
}
