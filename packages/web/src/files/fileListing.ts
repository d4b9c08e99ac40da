// Pure helpers of the files panel: byte sizes for people, folder paths, and the hub's file URLs.
// Paths are "/"-separated names relative to the workspace, as the hub's /v1/sessions/{id}/files takes them.

/** One entry of GET /v1/sessions/{id}/files (hub files/fileRoutes.ts). */
export interface FileEntry {
  name: string;
  type: "file" | "folder" | "symlink" | "other";
  size: number;
  modifiedAt: string;
}

export interface FileListing {
  dir: string;
  entries: FileEntry[];
  truncated: boolean;
  usedBytes: number;
  limits: { maxFileBytes: number; maxWorkspaceBytes: number };
}

/** "0 B", "999 B", "1.5 KiB", "10 MiB". */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || value >= 10 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, "");
  return `${shown} ${units[unit]}`;
}

export function joinPath(dir: string, name: string): string {
  return dir === "" ? name : `${dir}/${name}`;
}

/** The folder above `dir` ("" is the workspace itself). */
export function parentOf(dir: string): string {
  const at = dir.lastIndexOf("/");
  return at < 0 ? "" : dir.slice(0, at);
}

/** The URL of a file in a session's workspace, each name percent-encoded. */
export function fileUrl(sessionId: string, path: string): string {
  return `/v1/sessions/${encodeURIComponent(sessionId)}/files/${path.split("/").map(encodeURIComponent).join("/")}`;
}

/** The URL listing a folder. */
export function listUrl(sessionId: string, dir: string): string {
  return `/v1/sessions/${encodeURIComponent(sessionId)}/files${dir === "" ? "" : `?dir=${encodeURIComponent(dir)}`}`;
}
