// The files of a hosted session's workspace: list a folder, go into subfolders, upload (one file at a
// time, up to the hub's limit), download, delete. The hub enforces names, limits and the upload policy.
import { useState, type ChangeEvent } from "react";
import { api } from "../api/browserApi.js";
import { ConfirmButton } from "../ui/ConfirmButton.js";
import { FailureNote } from "../ui/FailureNote.js";
import { formatWhen } from "../ui/format.js";
import { useAction } from "../ui/useAction.js";
import { useApiGet } from "../ui/useApiGet.js";
import { fileUrl, formatBytes, joinPath, listUrl, parentOf, type FileListing } from "./fileListing.js";
import { uploadFile } from "./uploadFile.js";

export function FilesPanel({ sessionId }: { sessionId: string }) {
  const [dir, setDir] = useState("");
  const { result, reload } = useApiGet<FileListing>(listUrl(sessionId, dir));
  const upload = useAction();
  const remove = useAction();
  const [uploaded, setUploaded] = useState<string>();
  const listing = result?.ok ? result.data : undefined;
  const now = Date.now();

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    const file = input.files?.[0];
    if (!file) return;
    setUploaded(undefined);
    const done = await upload.run(() => uploadFile(`${listUrl(sessionId, "")}${dir === "" ? "" : `?dir=${encodeURIComponent(dir)}`}`, file));
    input.value = "";
    if (done.ok) {
      setUploaded(done.data.file.path);
      reload();
    }
  };
  const removeFile = async (path: string) => {
    if ((await remove.run(() => api.request("DELETE", fileUrl(sessionId, path)))).ok) reload();
  };

  return (
    <section className="card" data-testid="files-panel">
      <h2>Files{dir !== "" && <span className="muted"> / {dir}</span>}</h2>
      {result && !result.ok && <FailureNote failure={result} testId="files-error" text={result.code === "conflict" ? "This session has no workspace on the hub: files are for hosted sessions." : undefined} />}
      {listing && (
        <p className="muted small" data-testid="files-usage">
          {formatBytes(listing.usedBytes)} of {formatBytes(listing.limits.maxWorkspaceBytes)} used · files up to {formatBytes(listing.limits.maxFileBytes)}
        </p>
      )}
      {listing && (
        <label className="button button-small" data-testid="files-upload-label">
          {upload.pending ? "Uploading…" : "Upload a file"}
          <input type="file" hidden data-testid="files-upload" disabled={upload.busy} onChange={(e) => void pick(e)} />
        </label>
      )}
      <FailureNote failure={upload.failure} waitSeconds={upload.waitSeconds} testId="files-upload-error" />
      {uploaded && <p className="alert alert-ok" data-testid="files-uploaded">Uploaded {uploaded}.</p>}
      <FailureNote failure={remove.failure} testId="files-delete-error" />
      {listing && (
        <ul className="item-list" data-testid="files-list">
          {dir !== "" && (
            <li>
              <button type="button" className="link-button" data-testid="files-up" onClick={() => setDir(parentOf(dir))}>
                ↑ up
              </button>
            </li>
          )}
          {listing.entries.map((entry) => {
            const path = joinPath(dir, entry.name);
            return (
              <li key={entry.name} data-testid="files-row" data-name={entry.name} data-type={entry.type}>
                <div className="item-main">
                  {entry.type === "folder" ? (
                    <button type="button" className="link-button item-title" onClick={() => setDir(path)}>
                      {entry.name}/
                    </button>
                  ) : (
                    <span className="item-title">{entry.name}</span>
                  )}
                  <span className="muted">
                    {entry.type === "file" ? formatBytes(entry.size) : entry.type} · changed {formatWhen(entry.modifiedAt, now)}
                  </span>
                </div>
                {entry.type === "file" && (
                  <div className="item-actions">
                    <a className="button button-small button-secondary" href={fileUrl(sessionId, path)} download={entry.name} data-testid="files-download">
                      Download
                    </a>
                    <ConfirmButton label="Delete" confirmLabel="Delete now" testId="files-delete" disabled={remove.busy} onConfirm={() => void removeFile(path)} />
                  </div>
                )}
              </li>
            );
          })}
          {listing.entries.length === 0 && <li className="muted" data-testid="files-empty">No files here yet.</li>}
          {listing.truncated && <li className="muted">Only the first {listing.entries.length} entries are shown.</li>}
        </ul>
      )}
    </section>
  );
}
