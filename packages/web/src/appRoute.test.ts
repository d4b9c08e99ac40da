// Routing by path, where to go after logging in, and dropping the spent pairing secret from the address bar.
import { describe, expect, it } from "vitest";
import { accountPages, appRoute, loginPathFor, nextPath, withoutPairingSecret } from "./appRoute.js";

describe("appRoute", () => {
  it("routes /s/:id to the session page", () => {
    expect(appRoute("/s/abcdefghijklmnopqrstuv")).toEqual({ page: "session", sessionId: "abcdefghijklmnopqrstuv" });
    expect(appRoute("/hub/s/abcdefghijklmnopqrstuv/")).toEqual({ page: "session", sessionId: "abcdefghijklmnopqrstuv" });
  });

  it("routes the account pages by name, with or without a trailing slash", () => {
    for (const page of accountPages) {
      expect(appRoute(`/${page}`)).toEqual({ page });
      expect(appRoute(`/${page}/`)).toEqual({ page });
    }
  });

  it("sends everything else home", () => {
    expect(appRoute("/")).toEqual({ page: "home" });
    expect(appRoute("/s/short")).toEqual({ page: "home" });
    expect(appRoute("/s/abcdefghijklmnopqrstuv/extra")).toEqual({ page: "home" });
    expect(appRoute("/Login")).toEqual({ page: "home" });
    expect(appRoute("/account/keys")).toEqual({ page: "home" });
    expect(appRoute("/constructor")).toEqual({ page: "home" });
  });
});

describe("nextPath", () => {
  it("keeps a path on this site, query included", () => {
    expect(nextPath("?next=%2Fdevice%3Fcode%3DABCD-EFGH")).toBe("/device?code=ABCD-EFGH");
    expect(nextPath("?next=/account")).toBe("/account");
  });

  it("refuses other sites, scheme tricks and API routes", () => {
    for (const next of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/v1/auth/logout", "/a b", ""]) {
      expect(nextPath(`?next=${encodeURIComponent(next)}`)).toBe("/sessions");
    }
    expect(nextPath("", "/account")).toBe("/account");
  });

  it("round-trips through loginPathFor", () => {
    const login = new URL(loginPathFor("/device?code=ABCD-EFGH"), "http://h");
    expect(login.pathname).toBe("/login");
    expect(nextPath(login.search)).toBe("/device?code=ABCD-EFGH");
    expect(loginPathFor("/")).toBe("/login");
  });
});

describe("withoutPairingSecret", () => {
  it("drops p= and keeps k=", () => {
    const href = "https://hub.example.com/s/abcdefghijklmnopqrstuv#k=HOSTKEY&p=SECRET";
    expect(withoutPairingSecret(href)).toBe("https://hub.example.com/s/abcdefghijklmnopqrstuv#k=HOSTKEY");
  });

  it("leaves a link without a secret unchanged", () => {
    const href = "https://hub.example.com/s/abcdefghijklmnopqrstuv#k=HOSTKEY";
    expect(withoutPairingSecret(href)).toBe(href);
  });
});
