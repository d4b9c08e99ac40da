// The GitHub button's probe: shown for 204, a redirect or any answer but 404; hidden for 404 or no answer.
import { describe, expect, it } from "vitest";
import { githubAvailable, githubStartPath } from "./githubProbe.js";

describe("githubAvailable", () => {
  it("probes the start route with HEAD, without following a redirect", async () => {
    const seen: Array<[string, RequestInit]> = [];
    const ok = await githubAvailable(async (url, init) => {
      seen.push([url, init]);
      return new Response(null, { status: 204 });
    });
    expect(ok).toBe(true);
    expect(seen).toEqual([[githubStartPath, { method: "HEAD", redirect: "manual", credentials: "same-origin" }]]);
    expect(await githubAvailable(async () => new Response(null, { status: 302, headers: { location: "https://github.com/" } }))).toBe(true);
  });

  it("hides the button for a 404 or a network failure", async () => {
    expect(await githubAvailable(async () => new Response(null, { status: 404 }))).toBe(false);
    expect(await githubAvailable(() => Promise.reject(new TypeError("offline")))).toBe(false);
  });
});
