// Account → API keys → create: a name and a scope; the key comes back once, to NewKeyNotice.
import { useState, type FormEvent } from "react";
import { api } from "../api/browserApi.js";
import { apiKeyScopes, type ApiKey, type ApiKeyScope } from "../api/hubTypes.js";
import { Field } from "../ui/Field.js";
import { FailureNote } from "../ui/FailureNote.js";
import { useAction } from "../ui/useAction.js";
import { scopeDescriptions } from "./apiKeyScopes.js";

export function ApiKeyCreateForm({ onCreated }: { onCreated: (created: { apiKey: ApiKey; key: string }) => void }) {
  const [name, setName] = useState("");
  const [scope, setScope] = useState<ApiKeyScope>("sessions");
  const action = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await action.run(() => api.request<{ apiKey: ApiKey; key: string }>("POST", "/v1/auth/api-keys", { name: name.trim(), scope }));
    if (!created.ok) return;
    setName("");
    onCreated(created.data);
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      <Field label="Name" testId="apikey-name" placeholder="laptop" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      <label className="field">
        <span className="field-label">Scope</span>
        <select data-testid="apikey-scope" value={scope} onChange={(e) => setScope(e.target.value as ApiKeyScope)}>
          {apiKeyScopes.map((s) => (
            <option key={s} value={s}>
              {scopeDescriptions[s]}
            </option>
          ))}
        </select>
      </label>
      <FailureNote failure={action.failure} waitSeconds={action.waitSeconds} testId="apikey-error" />
      <button type="submit" className="button" data-testid="apikey-create" disabled={action.busy}>
        Create key
      </button>
    </form>
  );
}
