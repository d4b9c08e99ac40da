// HTTP API for a session's workspace files: list, upload (streamed multipart), download, delete at
// /v1/sessions/{id}/files. Only the session's owner; sessions without a workspace answer 409.
import { PortholeError } from "@porthole/protocol";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Authenticate } from "../auth/hubAuthentication.js";
import { requireScope } from "../auth/principal.js";
import type { SessionRecord, Store } from "../store/index.js";
import { checkPath } from "./fileNames.js";
import type { FilesConfig } from "./filesConfig.js";
import { multipartOverheadBytes, receiveUpload } from "./fileUpload.js";
import { multipartBoundary } from "./multipartStream.js";
import { deleteFile, listDir, openDir, openFileForRead, workspaceBytes } from "./workspaceFs.js";

/** The workspace directory of a session, or undefined when it has none (sessions on users' machines). */
export type WorkspaceOf = (session: SessionRecord) => string | undefined | Promise<string | undefined>;

export interface FileRouteDeps {
  store: Store;
  authenticate: Authenticate;
  workspaceOf: WorkspaceOf;
  config: FilesConfig;
}

const idParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });
const dirQuery = z.object({ dir: z.string().max(4096).default("") });

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / 5987). */
function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}

export function registerFileRoutes(app: FastifyInstance, deps: FileRouteDeps): void {
  const { store, config } = deps;

  /** The caller's session and its workspace: 404 for a missing or someone else's session, 409 without a workspace. */
  async function sessionWorkspace(request: FastifyRequest, need: "sessions" | "read"): Promise<{ session: SessionRecord; root: string }> {
    const principal = await deps.authenticate(request);
    requireScope(principal, need);
    const params = idParams.safeParse(request.params);
    const session = params.success ? await store.getSession(params.data.id) : undefined;
    if (session && session.ownerId !== principal.userId) {
      await store.accounts.appendAudit({ at: Date.now(), type: "authz.denied", userId: principal.userId, ip: request.ip, detail: { session: session.id, route: request.routeOptions.url ?? "" } });
    }
    if (!session || session.ownerId !== principal.userId) throw new PortholeError("not_found", "no such session");
    const root = await deps.workspaceOf(session);
    if (root === undefined) throw new PortholeError("conflict", "this session has no workspace on the hub: files are for hosted sessions");
    return { session, root };
  }

  /** The path after /files/, checked; the last name apart. */
  function filePath(request: FastifyRequest): { dirs: string[]; name: string } {
    const names = checkPath((request.params as Record<string, string | undefined>)["*"] ?? "");
    const name = names.pop();
    if (name === undefined) throw new PortholeError("bad_request", "name a file after /files/");
    return { dirs: names, name };
  }

  app.register(async (scope) => {
    // Any body type reaches the upload route as a stream, which refuses all but multipart itself.
    scope.addContentTypeParser("*", (_request, payload, done) => done(null, payload));
    scope.addContentTypeParser("multipart/form-data", (_request, payload, done) => done(null, payload));

    scope.get("/v1/sessions/:id/files", async (request) => {
      const { root } = await sessionWorkspace(request, "read");
      const query = dirQuery.safeParse(request.query);
      if (!query.success) throw new PortholeError("bad_request", "dir: must be a path of at most 4096 characters");
      const dir = await openDir(root, checkPath(query.data.dir));
      try {
        const { entries, truncated } = await listDir(dir);
        return {
          dir: query.data.dir,
          entries: entries.map((e) => ({ ...e, modifiedAt: new Date(e.modifiedAt).toISOString() })),
          truncated,
          usedBytes: await workspaceBytes(root),
          limits: { maxFileBytes: config.maxFileBytes, maxWorkspaceBytes: config.maxWorkspaceBytes },
        };
      } finally {
        await dir.close();
      }
    });

    scope.post("/v1/sessions/:id/files", async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const { session, root } = await sessionWorkspace(request, "sessions");
        const boundary = multipartBoundary(request.headers["content-type"]);
        const length = Number(request.headers["content-length"] ?? NaN);
        if (length > config.maxFileBytes + multipartOverheadBytes) throw new PortholeError("payload_too_large", `the file is larger than ${config.maxFileBytes} bytes`);
        const query = dirQuery.safeParse(request.query);
        if (!query.success) throw new PortholeError("bad_request", "dir: must be a path of at most 4096 characters");
        const dir = await openDir(root, checkPath(query.data.dir));
        try {
          const body = request.body as AsyncIterable<Buffer | string> | undefined;
          if (!body || typeof (body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== "function") throw new PortholeError("bad_request", "the upload has no body");
          const file = await receiveUpload({ body, boundary, root, dir, config });
          request.log.info({ session: session.id, bytes: file.size }, "file uploaded");
          const path = query.data.dir === "" ? file.name : `${query.data.dir}/${file.name}`;
          return reply.code(201).send({ file: { name: file.name, path, size: file.size } });
        } finally {
          await dir.close();
        }
      } catch (err) {
        // The rest of a refused upload is not read: close the connection instead of draining it.
        void reply.header("connection", "close");
        throw err;
      }
    });

    scope.get("/v1/sessions/:id/files/*", async (request, reply) => {
      const { root } = await sessionWorkspace(request, "read");
      const { dirs, name } = filePath(request);
      const dir = await openDir(root, dirs);
      try {
        const file = await openFileForRead(dir, name);
        return reply
          .header("content-type", "application/octet-stream")
          .header("content-length", file.size)
          .header("content-disposition", contentDisposition(name))
          .header("cache-control", "no-store")
          .header("last-modified", new Date(file.modifiedAt).toUTCString())
          .send(file.handle.createReadStream());
      } finally {
        await dir.close();
      }
    });

    scope.delete("/v1/sessions/:id/files/*", async (request, reply) => {
      const { session, root } = await sessionWorkspace(request, "sessions");
      const { dirs, name } = filePath(request);
      const dir = await openDir(root, dirs);
      try {
        await deleteFile(dir, name);
      } finally {
        await dir.close();
      }
      request.log.info({ session: session.id }, "file deleted");
      return reply.code(204).send();
    });
  });
}
