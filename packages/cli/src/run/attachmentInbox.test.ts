// The attachment inbox: hostile file names become safe single names, limits refuse with a reason
// and save nothing, and a saved file never replaces another.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AttachmentInbox, sanitiseFileName } from "./attachmentInbox.js";

const part = (upload: string, offset: number, bytes: Buffer) => ({ type: "attachment_part" as const, upload, offset, data: bytes.toString("base64url") });
const ref = (upload: string, name: string, size: number, mime = "text/plain") => ({ upload, name, size, mime });

describe("sanitiseFileName", () => {
  it.each([
    ["../../etc/passwd", "_._etc_passwd"],
    ["..", "file"],
    [".", "file"],
    ["", "file"],
    ["a/b\\c.txt", "a_b_c.txt"],
    ["evil\u0000.png", "evil.png"],
    [".bashrc", "bashrc"],
    ["line\nbreak.txt", "linebreak.txt"],
    ["C:\\Windows\\x.dll", "C__Windows_x.dll"],
    ["photo 1.jpg", "photo 1.jpg"],
    ["trailing dots...", "trailing dots"],
  ])("%j -> %j", (name, expected) => {
    const clean = sanitiseFileName(name);
    expect(clean).toBe(expected);
    expect(clean).not.toMatch(/[/\\\u0000]/);
    expect(clean).not.toMatch(/^\./);
    expect(clean.includes("..")).toBe(false);
  });

  it("cuts names over 200 UTF-8 bytes, keeping the extension and whole characters", () => {
    const clean = sanitiseFileName(`${"é".repeat(300)}.png`);
    expect(Buffer.byteLength(clean)).toBeLessThanOrEqual(200);
    expect(clean.endsWith(".png")).toBe(true);
    expect(clean).not.toContain("\ufffd");
  });
});

describe("AttachmentInbox", () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), "porthole-inbox-")), ".porthole", "attachments");
  });
  afterEach(async () => {
    await rm(dirname(dirname(dir)), { recursive: true, force: true });
  });
  const inbox = (fileBytes = 1000, messageBytes = 1500) => new AttachmentInbox(dir, { fileBytes, messageBytes }, () => Date.UTC(2026, 0, 2, 3, 4, 5));

  it("saves parts in order under a sanitised, time-stamped name, inside the folder", async () => {
    const box = inbox();
    expect(box.addPart(1, part("u1", 0, Buffer.from("hello ")))).toBeUndefined();
    expect(box.addPart(1, part("u1", 6, Buffer.from("world")))).toBeUndefined();
    const taken = await box.take(1, [ref("u1", "../../notes.txt", 11)]);
    if (!taken.ok) throw new Error(taken.reason);
    const [file] = taken.files;
    expect(dirname(file!.path)).toBe(dir);
    expect(basename(file!.path)).toBe("2026-01-02T03-04-05-000Z-_._notes.txt");
    expect(await readFile(file!.path, "utf8")).toBe("hello world");
    expect(await readFile(join(dirname(dir), ".gitignore"), "utf8")).toBe("*\n");
  });

  it("never overwrites: the same name twice gets a -1 suffix", async () => {
    const box = inbox();
    box.addPart(1, part("a", 0, Buffer.from("one")));
    box.addPart(1, part("b", 0, Buffer.from("two")));
    const taken = await box.take(1, [ref("a", "same.txt", 3), ref("b", "same.txt", 3)]);
    if (!taken.ok) throw new Error(taken.reason);
    expect(taken.files.map((f) => basename(f.path))).toEqual(["2026-01-02T03-04-05-000Z-same.txt", "2026-01-02T03-04-05-000Z-same-1.txt"]);
    expect(await readFile(taken.files[0]!.path, "utf8")).toBe("one");
  });

  it("refuses a file over the per-file limit with the reason, and saves nothing", async () => {
    const box = inbox(10);
    expect(box.addPart(1, part("big", 0, Buffer.alloc(11)))).toMatch(/over the 10 bytes limit for one file/);
    expect(box.addPart(1, part("big", 11, Buffer.alloc(1)))).toBeUndefined(); // said once
    const taken = await box.take(1, [ref("big", "big.bin", 12)]);
    expect(taken).toEqual({ ok: false, reason: expect.stringMatching(/attachments refused: big.bin is over the 10 bytes limit/) });
    await expect(readdir(dir)).rejects.toThrow(/ENOENT/);
  });

  it("refuses files over the per-message limit, and a declared size it did not receive", async () => {
    const box = inbox(1000, 1500);
    expect(box.addPart(1, part("a", 0, Buffer.alloc(900)))).toBeUndefined();
    expect(box.addPart(1, part("b", 0, Buffer.alloc(900)))).toBeUndefined();
    expect(await box.take(1, [ref("a", "a", 900), ref("b", "b", 900)])).toEqual({ ok: false, reason: expect.stringMatching(/over the 1.5 KB limit for one message/) });
    box.addPart(1, part("c", 0, Buffer.alloc(5)));
    expect(await box.take(1, [ref("c", "c", 6)])).toEqual({ ok: false, reason: expect.stringMatching(/did not arrive whole \(5 of 6 bytes\)/) });
    expect(await box.take(1, [ref("nope", "ghost.png", 1)])).toEqual({ ok: false, reason: expect.stringMatching(/ghost.png did not arrive whole/) });
    await expect(readdir(dir)).rejects.toThrow(/ENOENT/);
  });

  it("keeps at most three messages' worth waiting per viewer, dropping the oldest uploads (a cancelled message's)", async () => {
    const box = inbox(1000, 1000);
    for (const id of ["old", "b", "c"]) box.addPart(1, part(id, 0, Buffer.alloc(1000)));
    box.addPart(1, part("new", 0, Buffer.alloc(10)));
    expect(await box.take(1, [ref("old", "old", 1000)])).toEqual({ ok: false, reason: expect.stringMatching(/old did not arrive whole/) });
    expect((await box.take(1, [ref("new", "new", 10)])).ok).toBe(true);
  });

  it("refuses parts out of order, and keeps one viewer's uploads from another", async () => {
    const box = inbox();
    expect(box.addPart(1, part("x", 5, Buffer.from("late")))).toMatch(/out of order/);
    box.addPart(2, part("y", 0, Buffer.from("mine")));
    expect((await box.take(1, [ref("y", "y.txt", 4)])).ok).toBe(false);
    expect((await box.take(2, [ref("y", "y.txt", 4)])).ok).toBe(true);
  });
});
