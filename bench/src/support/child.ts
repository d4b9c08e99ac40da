// Parent side of the benchmark's process tree: starts a role script (bench/src/roles/*) as a child
// process with an IPC channel, calls its methods, reads its RSS and CPU time from /proc, stops it.
// Keep the message shapes in step with serve.ts.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface ChildOptions {
  /** Start with `--expose-gc` so the role can collect garbage before a memory reading. */
  exposeGc?: boolean;
  /** Open-file limit the child needs; raised with `ulimit -n` in a shell wrapper when given. */
  nofile?: number;
}

interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

/** CPU ticks per second in /proc/PID/stat (USER_HZ; 100 on Linux x86-64). */
const CLK_TCK = 100;

export class Child {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private exited = false;

  private constructor(
    readonly role: string,
    private readonly proc: ChildProcess,
  ) {
    proc.on("message", (message: Reply) => {
      const waiter = this.waiting.get(message.id);
      if (!waiter) return;
      this.waiting.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(`${role}: ${message.error}`));
      else waiter.resolve(message.result);
    });
    proc.on("exit", (code, signal) => {
      this.exited = true;
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`${role} exited (${code ?? signal})`));
      this.waiting.clear();
    });
  }

  /** Starts `roles/<role>.js` and waits until it is ready for calls. */
  static async start(role: string, options: ChildOptions = {}): Promise<Child> {
    const script = fileURLToPath(new URL(`../roles/${role}.js`, import.meta.url));
    const nodeArgs: string[] = [];
    if (options.exposeGc) nodeArgs.push("--expose-gc");
    const argv = [...nodeArgs, script];
    const stdio: ["ignore", "inherit", "inherit", "ipc"] = ["ignore", "inherit", "inherit", "ipc"];
    const serialization = "advanced" as const;
    const proc = options.nofile
      ? spawn("/bin/sh", ["-c", raiseNofile(options.nofile), process.execPath, ...argv], { stdio, serialization })
      : spawn(process.execPath, argv, { stdio, serialization });
    const child = new Child(role, proc);
    await child.call("ping", undefined, 15_000);
    return child;
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  /** Calls a method of the role; rejects on its error, its exit, or after timeoutMs. */
  call<T>(method: string, args?: unknown, timeoutMs = 60_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.role} has exited`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.role}.${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.proc.send({ id, method, args });
    });
  }

  /** Resident set size now, in bytes (from /proc, so it works while the child is busy). */
  rssBytes(): number {
    return procRssBytes(this.pid);
  }

  /** User + system CPU time used so far, in ms. */
  cpuMs(): number {
    return procCpuMs(this.pid);
  }

  /** Starts a V8 CPU profile in the child (see serve.ts). */
  async profileStart(): Promise<void> {
    await this.call("profileStart");
  }

  /** Stops the profile and writes it to DIR/ROLE-PID.cpuprofile. */
  async profileStop(dir: string): Promise<void> {
    mkdirSync(dir, { recursive: true });
    await this.call("profileStop", { file: join(dir, `${this.role}-${this.pid}.cpuprofile`) }, 60_000);
  }

  /** Asks the child to exit; kills it if it does not within 10 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.proc.once("exit", () => resolve()));
    this.call("exit", undefined, 10_000).catch(() => undefined);
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), 10_000);
    await gone;
    clearTimeout(timer);
  }
}

/** A shell line that raises the soft open-file limit to n (or to the hard limit), then runs "$0" "$@". */
function raiseNofile(n: number): string {
  return `cur=$(ulimit -n); if [ "$cur" != unlimited ] && [ "$cur" -lt ${n} ]; then ulimit -n ${n} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; fi; exec "$0" "$@"`;
}

export function procRssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the name: state is field 3 (index 0 here); utime and stime are fields 14 and 15.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every intervalMs until stopped; reports the peak and the last value. */
export function sampleRss(pid: number, intervalMs = 50): { stop(): { peakBytes: number; lastBytes: number } } {
  let peak = 0;
  let last = 0;
  const take = () => {
    last = procRssBytes(pid);
    peak = Math.max(peak, last);
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { peakBytes: peak, lastBytes: last };
    },
  };
}

/** Starts children, runs fn, and always stops every child it started (also on failure). */
export async function withChildren<T>(fn: (start: (role: string, options?: ChildOptions) => Promise<Child>) => Promise<T>): Promise<T> {
  const started: Child[] = [];
  try {
    return await fn(async (role, options) => {
      const child = await Child.start(role, options);
      started.push(child);
      return child;
    });
  } finally {
    await Promise.all(started.reverse().map((c) => c.stop()));
  }
}
