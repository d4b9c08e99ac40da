// The login-flow cases of the shared Store suite (run on every engine through accountSuite.ts):
// OAuth states used once, device codes polled, slowed down, approved once, denied and expired.
import { createHash, randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import type { AccountStore, NewDeviceCode } from "./accountStore.js";

const hash = () => createHash("sha256").update(randomBytes(32)).digest("hex");

export function loginFlowSuite(accounts: () => AccountStore): void {
  const device = (overrides: Partial<NewDeviceCode> = {}): NewDeviceCode => ({
    deviceCodeHash: hash(), userCodeHash: hash(), intervalSeconds: 5, createdAt: 1_000, expiresAt: 601_000, ...overrides,
  });

  it("uses an OAuth state once; a used, expired or unknown state is an outcome", async () => {
    const stateHash = hash();
    const bindingHash = hash();
    await accounts().createOAuthState({ stateHash, provider: "github", bindingHash, createdAt: 1_000, expiresAt: 11_000 });
    expect(await accounts().useOAuthState(stateHash, 2_000)).toEqual({ ok: true, provider: "github", bindingHash });
    expect(await accounts().useOAuthState(stateHash, 2_001)).toEqual({ ok: false, reason: "used" });
    expect(await accounts().useOAuthState(hash(), 2_000)).toEqual({ ok: false, reason: "unknown" });
    const late = hash();
    await accounts().createOAuthState({ stateHash: late, provider: "github", bindingHash, createdAt: 1_000, expiresAt: 11_000 });
    expect(await accounts().useOAuthState(late, 11_000)).toEqual({ ok: false, reason: "expired" });
  });

  it("of 20 concurrent uses of one OAuth state exactly one wins", async () => {
    const stateHash = hash();
    await accounts().createOAuthState({ stateHash, provider: "github", bindingHash: hash(), createdAt: 1_000, expiresAt: 11_000 });
    const results = await Promise.all(Array.from({ length: 20 }, () => accounts().useOAuthState(stateHash, 2_000)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("refuses a taken user code", async () => {
    const d = device();
    expect(await accounts().createDeviceCode(d)).toBe(true);
    expect(await accounts().createDeviceCode(device({ userCodeHash: d.userCodeHash }))).toBe(false);
  });

  it("polls a device code: pending, slow_down that grows the interval, approved once, then used", async () => {
    const d = device();
    await accounts().createDeviceCode(d);
    const poll = (at: number) => accounts().pollDeviceCode(d.deviceCodeHash, at);
    expect(await poll(2_000)).toEqual({ outcome: "pending" });
    expect(await poll(3_000)).toEqual({ outcome: "slow_down", intervalSeconds: 10 });
    expect(await poll(12_000)).toEqual({ outcome: "slow_down", intervalSeconds: 15 });
    expect(await poll(27_000)).toEqual({ outcome: "pending" });
    const userId = randomBytes(8).toString("hex");
    expect(await accounts().decideDeviceCode(d.userCodeHash, { approve: true, userId }, 28_000)).toBe(true);
    // A decided code cannot be decided again, by anyone.
    expect(await accounts().decideDeviceCode(d.userCodeHash, { approve: false, userId: "other" }, 28_500)).toBe(false);
    expect(await poll(42_000)).toEqual({ outcome: "approved", userId });
    expect(await poll(60_000)).toEqual({ outcome: "used" });
    expect(await accounts().pollDeviceCode(hash(), 60_000)).toEqual({ outcome: "unknown" });
  });

  it("of concurrent polls of an approved code exactly one gets it", async () => {
    const d = device({ intervalSeconds: 0 });
    await accounts().createDeviceCode(d);
    await accounts().decideDeviceCode(d.userCodeHash, { approve: true, userId: "u" }, 2_000);
    const results = await Promise.all(Array.from({ length: 20 }, () => accounts().pollDeviceCode(d.deviceCodeHash, 3_000)));
    expect(results.filter((r) => r.outcome === "approved")).toHaveLength(1);
  });

  it("a denied code stays denied; an expired one can be neither decided nor redeemed", async () => {
    const denied = device();
    await accounts().createDeviceCode(denied);
    expect(await accounts().decideDeviceCode(denied.userCodeHash, { approve: false, userId: "u" }, 2_000)).toBe(true);
    expect(await accounts().pollDeviceCode(denied.deviceCodeHash, 3_000)).toEqual({ outcome: "denied" });
    const late = device();
    await accounts().createDeviceCode(late);
    expect(await accounts().decideDeviceCode(late.userCodeHash, { approve: true, userId: "u" }, late.expiresAt)).toBe(false);
    expect(await accounts().pollDeviceCode(late.deviceCodeHash, late.expiresAt)).toEqual({ outcome: "expired" });
  });

  it("an approval just before expiry cannot be redeemed after it", async () => {
    const d = device();
    await accounts().createDeviceCode(d);
    await accounts().decideDeviceCode(d.userCodeHash, { approve: true, userId: "u" }, d.expiresAt - 1);
    expect(await accounts().pollDeviceCode(d.deviceCodeHash, d.expiresAt + 1)).toEqual({ outcome: "expired" });
  });
}
