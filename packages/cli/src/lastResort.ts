// The last resort: an error nothing else caught is logged, and the hub and the agent keep running.
// One bad request or message must never stop a hub that others depend on.
import type { Logger } from "pino";

/** Logs uncaught errors and unhandled rejections instead of exiting; returns a remover. */
export function installLastResort(log: Logger): () => void {
  const onRejection = (reason: unknown) => log.error({ err: reason }, "unhandled rejection (kept running)");
  const onException = (error: Error) => log.fatal({ err: error }, "uncaught exception (kept running)");
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  return () => {
    process.off("unhandledRejection", onRejection);
    process.off("uncaughtException", onException);
  };
}
