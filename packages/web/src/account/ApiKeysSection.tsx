// Account → API keys: create one (shown once), the live keys with prefix, scope and last use, revoke.
import { useState } from "react";
import { api } from "../api/browserApi.js";
import type { ApiKey } from "../api/hubTypes.js";
import { ConfirmButton } from "../ui/ConfirmButton.js";
import { FailureNote } from "../ui/FailureNote.js";
import { formatWhen } from "../ui/format.js";
import { useAction } from "../ui/useAction.js";
import { useApiGet } from "../ui/useApiGet.js";
import { ApiKeyCreateForm } from "./ApiKeyCreateForm.js";
import { NewKeyNotice } from "./NewKeyNotice.js";

export function ApiKeysSection() {
  const { result, reload } = useApiGet<{ apiKeys: ApiKey[] }>("/v1/auth/api-keys");
  const [fresh, setFresh] = useState<{ apiKey: ApiKey; key: string }>();
  const revoke = useAction();
  const now = Date.now();
  const live = result?.ok ? result.data.apiKeys.filter((k) => k.revokedAt === null) : [];

  const revokeKey = async (id: string) => {
    if ((await revoke.run(() => api.request("DELETE", `/v1/auth/api-keys/${encodeURIComponent(id)}`))).ok) reload();
  };

  return (
    <section className="card">
      <h2>API keys</h2>
      <p className="muted">For the command line and integrations: a key acts as you, within its scope.</p>
      {fresh && <NewKeyNotice apiKey={fresh.key} name={fresh.apiKey.name} onDone={() => setFresh(undefined)} />}
      <ApiKeyCreateForm
        onCreated={(created) => {
          setFresh(created);
          reload();
        }}
      />
      <FailureNote failure={revoke.failure} testId="apikey-revoke-error" />
      {result && !result.ok && <FailureNote failure={result} testId="apikey-list-error" />}
      {result?.ok && live.length === 0 && <p className="muted" data-testid="apikey-none">No API keys yet.</p>}
      {live.length > 0 && (
        <ul className="item-list" data-testid="apikey-list">
          {live.map((k) => (
            <li key={k.id} data-testid="apikey-row" data-prefix={k.prefix}>
              <div className="item-main">
                <span className="item-title">{k.name}</span>
                <span className="muted">
                  <code>{k.prefix}…</code> · {k.scope} · created {formatWhen(k.createdAt, now)} · last used {formatWhen(k.lastUsedAt, now)}
                </span>
              </div>
              <ConfirmButton label="Revoke" confirmLabel="Revoke now" testId="apikey-revoke" disabled={revoke.pending} onConfirm={() => void revokeKey(k.id)} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
