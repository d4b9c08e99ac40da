// The case with the real Claude Code: `porthole run --hub` at a desk (PTY) against the
// scripted Messages API; the model asks to write a file, Claude Code waits for approval, nobody has
// the session open, and the fake push service gets one encrypted notification without agent output.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { claudeBin, claudeEnv, makeClaudeHome } from "../fixtures/claudeHome.js";
import { lastUserText, startFakeAnthropic } from "../fixtures/fakeAnthropic.js";
import { startFakePushService } from "../fixtures/fakePushService.js";
import { startPortholeRun } from "../support/portholeCli.js";
import { OWNER_TOKEN, api, startTestHub } from "../support/testHub.js";

const apiKey = "sk-ant-porthole-push-0123456789abcdefghij";
/** What the model says and writes: none of it may reach the push service or the notification. */
const SAID = "Writing the harbour manifest now";
const WRITTEN = "cargo: 40 crates of secret-sauce";

describe("push notifications with the real Claude Code (fake push service)", () => {
  it("an approval waiting at the desk with no viewer sends one encrypted notification, with no agent output", async () => {
    const dir = await mkdtemp(join(tmpdir(), "porthole-push-claude-"));
    await using push = await startFakePushService();
    await using hub = await startTestHub({ push: { dataDir: dir, allowLoopbackHttp: true } });
    const phone = push.subscribe();
    expect((await api(hub.url, "POST", "/v1/push/subscriptions", phone.json)).status).toBe(201);

    let work = dir;
    await using fake = await startFakeAnthropic((req) =>
      lastUserText(req).includes("manifest") ? { text: SAID, toolUse: { name: "Write", input: { file_path: join(work, "manifest.txt"), content: WRITTEN } } } : "Noted.",
    );
    await using home = await makeClaudeHome({ cwd: dir, apiKey });
    work = home.cwd;
    const env = claudeEnv({ home: home.home, baseUrl: fake.url, apiKey, path: `${dirname(claudeBin)}:${process.env.PATH ?? "/usr/bin:/bin"}` });
    try {
      await using cli = await startPortholeRun(["--hub", hub.url, "--token", OWNER_TOKEN, "--", "claude", "--permission-mode", "default"], { env, cwd: work, cols: 120, rows: 40 });
      await cli.pty.waitForText(/❯/, 30_000);
      cli.pty.write("Write the harbour manifest");
      await new Promise((resolve) => setTimeout(resolve, 300));
      cli.pty.write("\r");
      await push.waitFor((all) => all.some((r) => r.subscription === phone.id), "a notification for the waiting approval", 45_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const received = push.received.filter((r) => r.subscription === phone.id);
      expect(received).toHaveLength(1);
      expect(received[0]!.status).toBe(201);
      const message = JSON.parse(received[0]!.text!);
      expect(message).toMatchObject({ v: 1, body: "A session needs you: approval waiting", reason: "approval", url: `/s/${message.session}` });
      for (const secret of [SAID, WRITTEN, "manifest.txt", "Write"]) {
        expect(received[0]!.text).not.toContain(secret);
        expect(received[0]!.body.includes(Buffer.from(secret))).toBe(false);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
