// Follows a Claude Code session transcript (JSON lines, appended as the session goes) and turns
// each new complete line into chat event bodies, in order, once: read as soon as the file changes
// (fs.watch), with polling as the fallback. Path rule checked on 2.1.330.
import { watch, type FSWatcher } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import type { ChatEventBody } from "@porthole/protocol";
import { createClaudeLineMapper, type ClaudeLineMapper } from "./claudeLines.js";
import { parseLine } from "./json.js";

/**
 * Claude Code's folder for a working directory: `HOME/.claude/projects/` and the cwd with every
 * character other than A–Z, a–z, 0–9 replaced by `-` (`/tmp/a.b_c d` → `-tmp-a-b-c-d`).
 * Prefer the `transcript_path` the SessionStart hook reports: it is authoritative.
 */
export function claudeProjectDir(home: string, cwd: string): string {
  return join(home, ".claude", "projects", cwd.replace(/[^A-Za-z0-9]/g, "-"));
}

/** The transcript file of one session: `<project dir>/<session id>.jsonl`. */
export function transcriptPath(home: string, cwd: string, sessionId: string): string {
  return join(claudeProjectDir(home, cwd), `${sessionId}.jsonl`);
}

export interface FollowTranscriptOptions {
  path: string;
  /** Receives the chat event bodies of each new line, in file order. */
  onEvents: (events: ChatEventBody[]) => void;
  /** How often to look for new bytes when no change was signalled, in milliseconds (default 100). */
  pollMs?: number;
  /** Byte offset to start from (default 0: the whole file, e.g. a resumed session's history). */
  fromOffset?: number;
  /** Mapper to use (default: a new transcript mapper). */
  mapper?: ClaudeLineMapper;
}

export interface TranscriptFollower {
  /** Reads everything written so far now, then resolves. */
  flush(): Promise<void>;
  /** Reads what is left, stops polling and closes the file. */
  stop(): Promise<void>;
  /** Bytes consumed so far (complete lines only). */
  readonly offset: number;
}

/** Starts following; a file that does not exist yet is waited for. */
export function followTranscript(options: FollowTranscriptOptions): TranscriptFollower {
  const mapper = options.mapper ?? createClaudeLineMapper("transcript");
  const decoder = new StringDecoder("utf8");
  let offset = options.fromOffset ?? 0;
  let consumed = offset;
  let partial = "";
  let file: FileHandle | undefined;
  let reading: Promise<void> | undefined;
  /** A change came while a read was running: read again after it. */
  let again = false;
  let watcher: FSWatcher | undefined;
  let stopped = false;
  const buffer = Buffer.alloc(64 * 1024);

  const handleText = (text: string): void => {
    partial += text;
    let newline = partial.indexOf("\n");
    while (newline >= 0) {
      const line = partial.slice(0, newline);
      partial = partial.slice(newline + 1);
      consumed += Buffer.byteLength(line, "utf8") + 1;
      const events = mapper.map(parseLine(line));
      if (events.length > 0) options.onEvents(events);
      newline = partial.indexOf("\n");
    }
  };

  const readNew = async (): Promise<void> => {
    if (file === undefined) {
      try {
        file = await open(options.path, "r");
      } catch {
        return; // Not written yet.
      }
      startWatching();
    }
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, offset);
      if (bytesRead === 0) return;
      offset += bytesRead;
      handleText(decoder.write(buffer.subarray(0, bytesRead)));
    }
  };

  const poll = (): Promise<void> => {
    reading ??= readNew()
      .catch(() => undefined)
      .finally(() => {
        reading = undefined;
        if (again && !stopped) {
          again = false;
          void poll();
        }
      });
    return reading;
  };

  /** Reads as soon as the file changes; where watching is not possible, the timer alone does. */
  function startWatching(): void {
    if (watcher !== undefined || stopped) return;
    try {
      watcher = watch(options.path, { persistent: false }, () => {
        if (reading !== undefined) again = true;
        else void poll();
      });
      watcher.on("error", () => undefined);
    } catch {
      watcher = undefined;
    }
  }

  const timer = setInterval(() => void poll(), options.pollMs ?? 100);
  timer.unref();
  void poll();

  return {
    async flush() {
      await poll();
      await poll(); // A read already in flight may have started before the latest bytes.
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      watcher?.close();
      await this.flush();
      await file?.close();
      file = undefined;
    },
    get offset() {
      return consumed;
    },
  };
}
