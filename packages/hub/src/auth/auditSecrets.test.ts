// The audit log records authentication events and authorization failures, and neither the audit
// table nor the logs ever hold a password or token that was used (both engines).
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Store } from "../store/index.js";
import { bearer, forEachEngine, goodPassword, json, login, registerUser, startAuthApp, whoami, type AuthHarness, type TokenBody } from "./authHarnessSuite.js";

forEachEngine("audit and secrets", (store: () => Store) => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await startAuthApp(store());
  });
  afterAll(() => h.close());

  it("records every auth event and refusal, never a password or token", async () => {
    const u = await registerUser(h.app);
    const secrets: string[] = [u.password, u.accessToken, u.refreshToken];
    await login(h.app, u.email, "the wrong password!");
    await login(h.app, u.password, u.password);
    secrets.push("the wrong password!");
    const second = json<TokenBody>(await login(h.app, u.email, u.password));
    secrets.push(second.accessToken, second.refreshToken);
    const renewed = json<TokenBody>(await h.app.inject({ method: "POST", url: "/v1/auth/refresh", payload: { refreshToken: second.refreshToken } }));
    secrets.push(renewed.accessToken, renewed.refreshToken);
    await h.app.inject({ method: "POST", url: "/v1/auth/refresh", payload: { refreshToken: second.refreshToken } });
    const cookie = json<{ csrfToken: string }>(await login(h.app, u.email, u.password, { cookie: true }));
    secrets.push(cookie.csrfToken);
    const key = json<{ key: string }>(await h.app.inject({ method: "POST", url: "/v1/auth/api-keys", headers: bearer(u.accessToken), payload: { name: "k", scope: "read" } })).key;
    secrets.push(key);
    await whoami(h.app, bearer(key));
    await whoami(h.app, bearer(`${u.accessToken.slice(0, -4)}AAAA`));
    await h.app.inject({ method: "GET", url: "/v1/admin/users", headers: bearer(u.accessToken) });
    const next = goodPassword();
    secrets.push(next);
    await h.app.inject({ method: "POST", url: "/v1/auth/password", headers: bearer(u.accessToken), payload: { currentPassword: u.password, newPassword: next } });
    await h.app.inject({ method: "POST", url: "/v1/auth/logout", headers: bearer(u.accessToken) });

    const events = await store().accounts.listAudit({ limit: 100 });
    const mine = events.filter((e) => e.userId === u.user.id).map((e) => e.type);
    for (const type of ["register", "login.failed", "login.succeeded", "refresh.succeeded", "refresh.reused", "apikey.created", "authz.denied", "password.changed", "auth.rejected"]) {
      expect(mine).toContain(type);
    }
    const everything = JSON.stringify(events) + h.logs.join("\n");
    for (const secret of secrets) expect(everything).not.toContain(secret);
    // Not even the secret half of a token shows up.
    for (const secret of secrets.filter((s) => s.startsWith("prt_") || s.startsWith("phk_"))) expect(everything).not.toContain(secret.slice(-43));
  });
});
