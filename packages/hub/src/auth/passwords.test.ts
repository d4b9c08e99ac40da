// Password hashing (argon2id, parameters in the PHC string, rehash when the cost grows), the
// password policy and the lockout schedule.
import { parseOptions } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { authConfigSchema } from "./authConfig.js";
import { lockedUntil } from "./lockout.js";
import { passwordProblem } from "./passwordPolicy.js";
import { createPasswordHasher } from "./passwords.js";

const base = { memoryKiB: 19 * 1024, passes: 2, parallelism: 1 };

describe("password hasher", () => {
  it("makes argon2id hashes that carry their parameters, and verifies them", async () => {
    const hasher = createPasswordHasher(base);
    const phc = await hasher.hash("a long enough password");
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(parseOptions(phc)).toMatchObject({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(await hasher.verify(phc, "a long enough password")).toBe(true);
    expect(await hasher.verify(phc, "a long enough passworD")).toBe(false);
    expect(await hasher.verify("not a hash", "x")).toBe(false);
    expect(await hasher.verifyDummy("anything")).toBe(false);
  });

  it("normalises Unicode, so composed and decomposed input match", async () => {
    const hasher = createPasswordHasher(base);
    const phc = await hasher.hash("caf\u00e9 au lait!");
    expect(await hasher.verify(phc, "cafe\u0301 au lait!")).toBe(true);
  });

  it("asks for a rehash when the configured cost grew, and not otherwise", async () => {
    const phc = await createPasswordHasher(base).hash("a long enough password");
    expect(createPasswordHasher(base).needsRehash(phc)).toBe(false);
    expect(createPasswordHasher({ ...base, passes: 3 }).needsRehash(phc)).toBe(true);
    expect(createPasswordHasher({ ...base, memoryKiB: 32 * 1024 }).needsRehash(phc)).toBe(true);
    expect(createPasswordHasher(base).needsRehash("$2b$10$bcryptlookingthing")).toBe(true);
  });

  it("config refuses argon2 below 19 MiB or 2 passes", () => {
    expect(authConfigSchema.safeParse({ dataDir: "/x", argon2: { memoryKiB: 8 * 1024 } }).success).toBe(false);
    expect(authConfigSchema.safeParse({ dataDir: "/x", argon2: { passes: 1 } }).success).toBe(false);
    expect(authConfigSchema.safeParse({}).success).toBe(false);
    expect(authConfigSchema.parse({ dataDir: "/x" })).toMatchObject({ accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 2_592_000, registration: "closed", argon2: base });
  });
});

describe("password policy", () => {
  it("needs 8 characters, allows 64 and more, and has no composition rules", () => {
    expect(passwordProblem("short12")).toMatch(/at least 8/);
    expect(passwordProblem("plainlowercasewords")).toBeUndefined();
    expect(passwordProblem("x".repeat(64))).toBeUndefined();
    expect(passwordProblem("🐳🐳🐳🐳🐳🐳🐳🐳")).toBeUndefined();
    expect(passwordProblem("x".repeat(257))).toMatch(/at most 256/);
  });

  it("refuses common passwords in any case, and the account's own e-mail", () => {
    for (const common of ["password", "Password1", "12345678", "QWERTYUIOP", "iloveyou"]) expect(passwordProblem(common)).toMatch(/too common/);
    expect(passwordProblem("Ada.Lovelace@example.test", { email: "ada.lovelace@example.test" })).toMatch(/e-mail/);
    expect(passwordProblem("ada.lovelace", { email: "ada.lovelace@example.test" })).toMatch(/e-mail/);
  });
});

describe("lockout schedule", () => {
  const policy = { maxFailures: 3, windowSeconds: 3600, firstLockSeconds: 10, maxLockSeconds: 60 };
  it("locks from the threshold on, doubling per failure up to the cap", () => {
    expect(lockedUntil({ count: 2, lastAt: 1_000 }, policy)).toBeNull();
    expect(lockedUntil({ count: 3, lastAt: 1_000 }, policy)).toBe(11_000);
    expect(lockedUntil({ count: 4, lastAt: 1_000 }, policy)).toBe(21_000);
    expect(lockedUntil({ count: 5, lastAt: 1_000 }, policy)).toBe(41_000);
    expect(lockedUntil({ count: 50, lastAt: 1_000 }, policy)).toBe(61_000);
    expect(lockedUntil({ count: 0, lastAt: null }, policy)).toBeNull();
  });
});
