// Child side of the benchmark's process tree: answers the parent's calls over IPC (see child.ts),
// profiles itself on request (V8 CPU profile of just the measured window), and exits when asked or
// when the parent goes away. Keep the message shapes in step with child.ts.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

/** A role method: takes the parent's structured-cloned argument, returns a cloneable result. */
type Handler = (args: never) => unknown;

interface Call {
  id: number;
  method: string;
  args: unknown;
}

let profiler: Session | undefined;

/** Serves a role's methods; `onExit` runs before the process exits (close sockets, remove files). */
export function serve(handlers: Record<string, Handler>, onExit?: () => Promise<void> | void): void {
  const send = (message: object) => {
    if (process.connected) process.send?.(message);
  };
  const exit = async (code: number) => {
    try {
      await onExit?.();
    } finally {
      process.exit(code);
    }
  };
  const builtins: Record<string, Handler> = {
    profileStart: async () => {
      profiler = new Session();
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
    },
    profileStop: async (args: { file: string }) => {
      if (!profiler) throw new Error("the profiler was not started");
      const { profile } = await profiler.post("Profiler.stop");
      writeFileSync(args.file, JSON.stringify(profile));
      profiler.disconnect();
      profiler = undefined;
    },
  };
  process.on("message", (message: Call) => {
    const { id, method, args } = message;
    if (method === "ping") return send({ id, result: "pong" });
    if (method === "exit") {
      send({ id, result: true });
      void exit(0);
      return;
    }
    const handler = handlers[method] ?? builtins[method];
    if (!handler) return send({ id, error: `no method ${method}` });
    Promise.resolve()
      .then(() => handler(args as never))
      .then(
        (result) => send({ id, result }),
        (error: unknown) => send({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  process.on("disconnect", () => void exit(1));
}

/** Resolves after ms milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until predicate() holds; throws after timeoutMs naming what it waited for. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Runs fn over items with at most `limit` running at once. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
