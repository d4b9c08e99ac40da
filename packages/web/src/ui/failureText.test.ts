// The words a person reads when the hub refuses: lockouts with a live wait, closed registration,
// GitHub login failures by code.
import { describe, expect, it } from "vitest";
import type { ApiFailure } from "../api/apiClient.js";
import { failureText, loginErrorText, signupFailureText } from "./failureText.js";

const failure = (status: number, message: string, retryAfterSeconds?: number): ApiFailure => ({
  ok: false,
  status,
  code: "x",
  message,
  ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
});

describe("failureText", () => {
  it("replaces the hub's fixed wait with the live one", () => {
    const locked = failure(429, "too many failed logins for this account: try again in 30 s", 30);
    expect(failureText(locked)).toBe("Too many failed logins for this account. Try again in 30 s.");
    expect(failureText(locked, 125)).toBe("Too many failed logins for this account. Try again in 2 min 5 s.");
    expect(failureText(locked, 0)).toBe("Too many failed logins for this account. You can try again now.");
  });

  it("turns other messages into sentences", () => {
    expect(failureText(failure(401, "the e-mail or password is wrong"))).toBe("The e-mail or password is wrong.");
    expect(failureText(failure(0, "the hub cannot be reached: check your connection"))).toBe("The hub cannot be reached: check your connection.");
  });
});

describe("signupFailureText", () => {
  it("says to ask an admin when registration is closed", () => {
    expect(signupFailureText(failure(403, "registration is closed on this hub: ask an admin for an account"))).toMatch(/ask an admin for an account/);
    expect(signupFailureText(failure(409, "an account with this e-mail already exists"))).toMatch(/already exists/);
    expect(signupFailureText(failure(400, "password: too common"))).toBe("Password: too common.");
  });
});

describe("loginErrorText", () => {
  it("explains known codes and names unknown ones safely", () => {
    expect(loginErrorText("github_unavailable")).toMatch(/not set up/);
    expect(loginErrorText("oauth_state")).toMatch(/expired/);
    expect(loginErrorText("registration_closed")).toMatch(/ask an admin for an account/);
    expect(loginErrorText("token_exchange")).toBe("GitHub login failed (token_exchange). Try again, or log in with your e-mail and password.");
    expect(loginErrorText("<script>")).toMatch(/\(unknown\)/);
  });
});
