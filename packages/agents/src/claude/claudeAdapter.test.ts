// Which adapter a command gets, and how our hook settings join a person's own `--settings`.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findAgentAdapter, terminalOnly } from "../agent.js";
import { claudeAdapter, isClaudeCommand } from "./claudeAdapter.js";
import { mergeSettings, withHookSettings } from "./settingsArgs.js";

const ours = { hooks: { Stop: [{ matcher: "", hooks: [{ type: "command", command: "ours" }] }] } };

describe("agent adapters", () => {
  it("recognise Claude Code by its program name; anything else is a plain terminal", async () => {
    for (const command of ["claude", "/usr/local/bin/claude", "node_modules/.bin/claude", "claude.exe"]) expect(isClaudeCommand(command)).toBe(true);
    for (const command of ["bash", "claude-foo", "/opt/claude/bin/node", "aider"]) expect(isClaudeCommand(command)).toBe(false);
    expect(findAgentAdapter("claude", [])).toBe(claudeAdapter);
    expect(findAgentAdapter("bash", ["-l"])).toBe(terminalOnly);
    const plain = await terminalOnly.prepare({ command: "bash", args: ["-l"], cwd: "/", env: { A: "1" } });
    expect(plain).toMatchObject({ args: ["-l"], env: { A: "1" } });
    expect(plain.chat).toBeUndefined();
  });
});

describe("--settings", () => {
  it("is appended when the person gave none", async () => {
    expect(await withHookSettings(["--model", "x"], "/b/settings.json", ours, "/")).toEqual(["--model", "x", "--settings", "/b/settings.json"]);
  });

  it("merges a person's own settings (file or JSON) with ours instead of losing either", async () => {
    const dir = await mkdtemp(join(tmpdir(), "porthole-settings-"));
    try {
      const theirs = { model: "opus", hooks: { Stop: [{ hooks: [{ type: "command", command: "theirs" }] }] } };
      await writeFile(join(dir, "mine.json"), JSON.stringify(theirs));
      const fromFile = await withHookSettings(["--settings", "mine.json", "-c"], join(dir, "settings.json"), ours, dir);
      expect(fromFile).toEqual(["-c", "--settings", join(dir, "merged-settings.json")]);
      const merged = JSON.parse(await readFile(join(dir, "merged-settings.json"), "utf8")) as typeof theirs;
      expect(merged).toEqual(mergeSettings(theirs, ours));
      expect(merged.model).toBe("opus");
      expect(merged.hooks.Stop.map((m) => m.hooks[0]?.command)).toEqual(["theirs", "ours"]);

      const inline = await withHookSettings([`--settings=${JSON.stringify(theirs)}`], join(dir, "settings.json"), ours, dir);
      expect(inline).toEqual(["--settings", join(dir, "merged-settings.json")]);
      await expect(withHookSettings(["--settings", "missing.json"], join(dir, "settings.json"), ours, dir)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
