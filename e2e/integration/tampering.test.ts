// A relay that tampers: swapped keys make pairing fail loudly on both ends; altered, replayed,
// reordered and dropped frames are refused and reported, and the screen ends up right anyway.
import { describe, expect, it } from "vitest";
import { FrameType, decodeFrame, generateKeyPair, toBase64Url } from "@porthole/protocol";
import { connectViewer } from "../support/nodeViewer.js";
import { startTamperingRelay, type Message } from "../support/tamperingRelay.js";
import { startTestHost, startTestHub } from "../support/testHub.js";

const attacker = toBase64Url(generateKeyPair().publicKey);
const utf8 = (s: string) => new TextEncoder().encode(s);

function rewriteJson(message: Message, t: string, field: string, value: string): Message {
  if (message.binary || typeof message.data !== "string") return message;
  const json = JSON.parse(message.data) as Record<string, unknown>;
  if (json.t !== t) return message;
  return { data: JSON.stringify({ ...json, [field]: value }), binary: false };
}

describe("a relay that swaps keys during pairing", () => {
  it.each([
    ["the viewer's device key", "hello", "device", "toHub"],
    ["the viewer's ephemeral key", "hello", "ephemeral", "toHub"],
    ["the host's ephemeral key", "welcome", "ephemeral", "toViewer"],
  ] as const)("cannot replace %s: pairing fails on both ends", async (_what, t, field, direction) => {
    await using hub = await startTestHub();
    const refusals: string[] = [];
    using host = await startTestHost(hub.url, { onViewer: (event, detail) => event === "refused" && refusals.push(detail) });
    await using relay = await startTamperingRelay(hub.url, (m, d) => [d === direction ? rewriteJson(m, t, field, attacker) : m]);
    const viewer = connectViewer({ ...host.link, hubUrl: relay.url });
    await viewer.waitForStatus("failed");
    expect(viewer.statuses.at(-1)?.detail).toMatch(/did not verify|swapped|tampered/);
    await viewer.waitUntil(() => refusals.length > 0, "the host to report the failed pairing");
    expect(refusals[0]).toMatch(/did not verify|swapped|tampered/);
    // The secret was not spent: the real device can still pair through an honest path.
    const honest = connectViewer(host.link);
    await honest.waitForStatus("live");
    for (const v of [viewer, honest]) v.close();
  });
});

describe("a relay that tampers with output frames", () => {
  async function scenario(tamperOutput: (frame: Uint8Array, seq: number) => Message[], expectReport: RegExp) {
    await using hub = await startTestHub();
    using host = await startTestHost(hub.url);
    let armed = false;
    await using relay = await startTamperingRelay(hub.url, (m, d) => {
      if (!armed || d !== "toViewer" || !m.binary || typeof m.data === "string") return [m];
      const frame = decodeFrame(m.data);
      if (typeof frame === "string" || frame.type !== FrameType.output) return [m];
      return tamperOutput(m.data, frame.id);
    });
    const viewer = connectViewer({ ...host.link, hubUrl: relay.url });
    await viewer.waitForStatus("live");
    armed = true;
    for (let i = 1; i <= 30; i++) {
      host.host.output(utf8(`line ${i}\r\n`));
      await new Promise((r) => setTimeout(r, 6)); // a pause between lines: one frame each
    }
    await viewer.waitUntil(() => viewer.security.some((s) => expectReport.test(s)), `a report matching ${expectReport}`);
    armed = false;
    host.host.output(utf8("after the attack\r\n"));
    await viewer.waitForText("after the attack");
    viewer.close();
    return viewer;
  }

  it("refuses an altered frame and recovers the right screen", async () => {
    const viewer = await scenario((frame, seq) => (seq === 5 ? [{ data: Uint8Array.from(frame, (b, i) => (i === frame.length - 1 ? b ^ 0xff : b)), binary: true }] : [{ data: frame, binary: true }]), /altered/);
    expect(viewer.text()).not.toMatch(/\uFFFD/);
  });

  it("refuses a truncated frame", async () => {
    await scenario((frame, seq) => [{ data: seq === 5 ? frame.subarray(0, frame.length - 3) : frame, binary: true }], /altered/);
  });

  it("refuses a replayed frame without showing it twice", async () => {
    const viewer = await scenario((frame, seq) => (seq === 5 ? [{ data: frame, binary: true }, { data: frame, binary: true }] : [{ data: frame, binary: true }]), /replayed/);
    expect(viewer.text().match(/line 4\r\n/g)).toHaveLength(1);
  });

  it("refuses reordered frames and shows every line once, in order", async () => {
    let held: Uint8Array | undefined;
    const viewer = await scenario((frame, seq) => {
      if (seq === 5) {
        held = frame;
        return [];
      }
      if (seq === 6 && held) return [{ data: frame, binary: true }, { data: held, binary: true }];
      return [{ data: frame, binary: true }];
    }, /gap|replayed/);
    await viewer.waitForText("line 30");
    const lines = viewer.text().match(/line \d+/g) ?? [];
    expect(lines.slice(0, 30)).toEqual(Array.from({ length: 30 }, (_, i) => `line ${i + 1}`));
  });
});
