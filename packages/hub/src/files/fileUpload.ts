// One streamed upload into a workspace: the multipart body is read as it arrives, checked against the
// name and content policy and the size limits, written under a temporary name and renamed at the end.
// Any failure removes the partial file.
import { PortholeError } from "@porthole/protocol";
import { checkContentPolicy, checkNamePolicy, sniffBytes } from "./contentPolicy.js";
import { checkUploadName } from "./fileNames.js";
import type { FilesConfig } from "./filesConfig.js";
import { multipartEvents } from "./multipartStream.js";
import { createPartial, workspaceBytes, type OpenDir, type PartialFile } from "./workspaceFs.js";

/** Multipart framing allowed on top of the file itself, in bytes. */
export const multipartOverheadBytes = 64 * 1024;
/** Non-file form fields are skipped, up to this many bytes in all. */
const maxFieldBytes = 8 * 1024;

/** Bytes being uploaded per workspace right now, so concurrent uploads share one quota. */
const inFlight = new Map<string, number>();

const tooLarge = (what: string) => new PortholeError("payload_too_large", what);

/** Passes the body through, refusing it with 413 once it passes `limit` bytes. */
async function* capped(body: AsyncIterable<Buffer | string>, limit: number): AsyncGenerator<Buffer> {
  let seen = 0;
  for await (const chunk of body) {
    const buf = Buffer.from(chunk);
    seen += buf.length;
    if (seen > limit) throw tooLarge(`the request body is larger than the ${limit} bytes a ${limit - multipartOverheadBytes}-byte file needs`);
    yield buf;
  }
}

export interface UploadResult {
  name: string;
  size: number;
}

export async function receiveUpload(opts: { body: AsyncIterable<Buffer | string>; boundary: string; root: string; dir: OpenDir; config: FilesConfig }): Promise<UploadResult> {
  const { config, root } = opts;
  const used = (await workspaceBytes(root)) + (inFlight.get(root) ?? 0);
  if (used >= config.maxWorkspaceBytes) throw tooLarge(`the workspace is full (${config.maxWorkspaceBytes} bytes): delete files first`);
  let partial: PartialFile | undefined;
  let name: string | undefined;
  let inFile = false;
  let written = 0;
  let fieldBytes = 0;
  let head = Buffer.alloc(0);
  let headChecked = false;
  const reserve = (bytes: number) => inFlight.set(root, (inFlight.get(root) ?? 0) + bytes);
  try {
    for await (const event of multipartEvents(capped(opts.body, config.maxFileBytes + multipartOverheadBytes), opts.boundary)) {
      if (event.kind === "part") {
        if (event.filename === undefined) continue;
        if (name !== undefined) throw new PortholeError("bad_request", "send one file per request");
        name = checkUploadName(event.filename);
        checkNamePolicy(name, config.policy);
        partial = await createPartial(opts.dir);
        inFile = true;
      } else if (event.kind === "data") {
        if (!inFile) {
          fieldBytes += event.chunk.length;
          if (fieldBytes > maxFieldBytes) throw new PortholeError("bad_request", "form fields other than the file are too large");
          continue;
        }
        written += event.chunk.length;
        reserve(event.chunk.length);
        if (written > config.maxFileBytes) throw tooLarge(`the file is larger than ${config.maxFileBytes} bytes`);
        if (used + written > config.maxWorkspaceBytes) throw tooLarge(`the workspace would pass its ${config.maxWorkspaceBytes}-byte quota: delete files first`);
        if (!headChecked) {
          head = Buffer.concat([head, event.chunk.subarray(0, sniffBytes)]);
          if (head.length >= sniffBytes) {
            checkContentPolicy(head, config.policy);
            headChecked = true;
          }
        }
        await partial!.handle.write(event.chunk);
      } else if (inFile) {
        if (!headChecked) checkContentPolicy(head, config.policy);
        headChecked = true;
        inFile = false;
      }
    }
    if (name === undefined || partial === undefined) throw new PortholeError("bad_request", "the form has no file part (a part with a filename)");
    await partial.commit(name);
    return { name, size: written };
  } finally {
    await partial?.abort();
    const left = (inFlight.get(root) ?? 0) - written;
    if (left > 0) inFlight.set(root, left);
    else inFlight.delete(root);
  }
}
