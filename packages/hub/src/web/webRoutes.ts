// Serves the built web app: hashed assets with long caching, and index.html for the app's pages
// ("/" and "/s/SESSION"). Paths are resolved inside the web root only.
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import { notFoundBody } from "../http/errorHandling.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

/** Pages the web app routes itself; the hub answers each with index.html. */
export const APP_PAGES = ["/login", "/signup", "/account", "/sessions", "/admin", "/device", "/files"] as const;

export function registerWebRoutes(app: FastifyInstance, webRoot: string | undefined) {
  const root = webRoot ? resolve(webRoot) : undefined;
  let indexHtml: Buffer | undefined;

  async function sendIndex(reply: FastifyReply) {
    if (!root) return reply.code(404).type("application/json").send({ error: { code: "not_found", message: "the web app is not built: run npm run build" } });
    indexHtml ??= await readFile(join(root, "index.html"));
    return reply.type(TYPES[".html"]!).header("cache-control", "no-cache").send(indexHtml);
  }

  async function sendFile(reply: FastifyReply, relative: string, immutable: boolean) {
    if (!root) return reply.code(404).send(notFoundBody());
    const path = normalize(join(root, relative));
    if (!path.startsWith(root + sep)) return reply.code(404).send(notFoundBody());
    try {
      if (!(await stat(path)).isFile()) return reply.code(404).send(notFoundBody());
      const body = await readFile(path);
      reply.type(TYPES[extname(path)] ?? "application/octet-stream");
      reply.header("cache-control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
      return reply.send(body);
    } catch {
      return reply.code(404).send(notFoundBody());
    }
  }

  app.get("/", (_request, reply) => sendIndex(reply));
  app.get("/s/:id", (_request, reply) => sendIndex(reply));
  // The app's account pages (client-side routes).
  for (const page of APP_PAGES) app.get(page, (_request, reply) => sendIndex(reply));
  app.get("/assets/*", (request, reply) => sendFile(reply, `assets/${(request.params as { "*": string })["*"]}`, true));
  app.get("/:file", (request, reply) => {
    const file = (request.params as { file: string }).file;
    if (!/^[A-Za-z0-9._-]+\.(ico|png|svg|webmanifest|json|js|txt)$/.test(file)) return reply.code(404).send(notFoundBody());
    return sendFile(reply, file, false);
  });
}
