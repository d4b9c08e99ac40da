// Account → Anthropic API key: hosted Claude Code sessions use it. The hub checks it with Anthropic and
// stores it encrypted; it never sends it back, so this page shows only whether one is set and when.
import { useState, type FormEvent } from "react";
import { api } from "../api/browserApi.js";
import { ConfirmButton } from "../ui/ConfirmButton.js";
import { Field } from "../ui/Field.js";
import { FailureNote } from "../ui/FailureNote.js";
import { formatWhen } from "../ui/format.js";
import { useAction } from "../ui/useAction.js";
import { useApiGet } from "../ui/useApiGet.js";

/** GET /v1/account/anthropic-key (publicStatus in hub secrets/secretRoutes.ts). */
type KeyStatus = { set: false } | { set: true; createdAt: string; updatedAt: string };

export function AnthropicKeySection() {
  const { result, reload } = useApiGet<{ anthropicKey: KeyStatus }>("/v1/account/anthropic-key");
  const [key, setKey] = useState("");
  const [saved, setSaved] = useState(false);
  const save = useAction();
  const remove = useAction();
  const status = result?.ok ? result.data.anthropicKey : undefined;
  const now = Date.now();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const done = await save.run(() => api.request("PUT", "/v1/account/anthropic-key", { key: key.trim() }));
    // The field is emptied either way: the key is not kept in the page longer than needed.
    setKey("");
    if (done.ok) {
      setSaved(true);
      reload();
    }
  };
  const removeKey = async () => {
    setSaved(false);
    if ((await remove.run(() => api.request("DELETE", "/v1/account/anthropic-key"))).ok) reload();
  };

  return (
    <section className="card">
      <h2>Anthropic API key</h2>
      <p className="muted">Hosted Claude Code sessions on this hub use your own key. It is checked with Anthropic, stored encrypted, and never shown again.</p>
      {result && !result.ok && <FailureNote failure={result} testId="anthropic-key-status-error" />}
      {status && (
        <p data-testid="anthropic-key-status" data-set={status.set}>
          {status.set ? `A key is set (added ${formatWhen(status.createdAt, now)}, last changed ${formatWhen(status.updatedAt, now)}).` : "No key is set."}
        </p>
      )}
      <form className="form" onSubmit={(e) => void submit(e)}>
        <Field
          label={status?.set ? "Replace with a new key" : "Key"}
          testId="anthropic-key-input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="sk-ant-…"
          required
          maxLength={512}
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
        <FailureNote failure={save.failure} waitSeconds={save.waitSeconds} testId="anthropic-key-error" />
        {saved && <p className="alert alert-ok" data-testid="anthropic-key-saved">Checked with Anthropic and saved.</p>}
        <button type="submit" className="button" data-testid="anthropic-key-save" disabled={save.busy || key.trim() === ""}>
          {save.pending ? "Checking…" : "Check and save"}
        </button>
      </form>
      {status?.set && (
        <>
          <FailureNote failure={remove.failure} testId="anthropic-key-remove-error" />
          <ConfirmButton label="Remove key" confirmLabel="Remove now" testId="anthropic-key-remove" disabled={remove.busy} onConfirm={() => void removeKey()} />
        </>
      )}
    </section>
  );
}
