// Uploads one file to a session's workspace as multipart/form-data (the JSON client cannot), with the
// CSRF header; on a 401 it lets the API client refresh the login once, then tries again.
import { csrfCookieNames, csrfHeader, cookieValue, type ApiResult } from "../api/apiClient.js";
import { api } from "../api/browserApi.js";

async function send(url: string, file: File): Promise<Response> {
  const form = new FormData();
  form.append("file", file, file.name);
  const csrf = cookieValue(document.cookie, csrfCookieNames);
  return window.fetch(url, { method: "POST", body: form, credentials: "same-origin", headers: { accept: "application/json", ...(csrf ? { [csrfHeader]: csrf } : {}) } });
}

export async function uploadFile(url: string, file: File): Promise<ApiResult<{ file: { name: string; path: string; size: number } }>> {
  try {
    let response = await send(url, file);
    if (response.status === 401 && (await api.get("/v1/auth/profile")).ok) response = await send(url, file);
    const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string }; file?: { name: string; path: string; size: number } } | undefined;
    if (response.ok && body?.file) return { ok: true, status: response.status, data: { file: body.file } };
    return { ok: false, status: response.status, code: body?.error?.code ?? `http_${response.status}`, message: body?.error?.message ?? `the hub answered ${response.status}` };
  } catch {
    return { ok: false, status: 0, code: "network", message: "the upload did not reach the hub: check your connection" };
  }
}
