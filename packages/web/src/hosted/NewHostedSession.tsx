// "New session" on the sessions page: starts an agent on the hub itself (a hosted, sandboxed session,
// POST /v1/sessions { agent, project }) and opens it through the pairing link the hub returns.
import { useState } from "react";
import { api } from "../api/browserApi.js";
import { FailureNote } from "../ui/FailureNote.js";
import { useAction } from "../ui/useAction.js";
import { useApiGet } from "../ui/useApiGet.js";

interface HostedOffer {
  available: boolean;
  reason?: string;
  agents: { name: string; kind: string; network: boolean }[];
  running?: { you: number; hub: number };
  quotas?: { perUser: number; perHub: number; idleTimeoutMinutes: number };
}

/** The link's path and fragment on this origin (the hub may know itself by another address). */
export function sameOriginLink(link: string): string {
  const url = new URL(link);
  return `${url.pathname}${url.hash}`;
}

const agentLabel = (name: string, kind: string) => (kind === "claude" ? `Claude Code (${name})` : name === "shell" ? "Shell (bash)" : name);

export function NewHostedSession() {
  const offer = useApiGet<HostedOffer>("/v1/hosted");
  const action = useAction();
  const [agent, setAgent] = useState("");
  const [project, setProject] = useState("default");
  if (!offer.result?.ok || offer.result.data.agents.length === 0) return null;
  const { data } = offer.result;
  if (!data.available) {
    return (
      <div className="card" data-testid="hosted-unavailable">
        <p className="muted">Sessions on this hub are off: {data.reason}</p>
      </div>
    );
  }
  const chosen = agent || data.agents[0]!.name;
  const start = async () => {
    const result = await action.run(() => api.request<{ link: string }>("POST", "/v1/sessions", { agent: chosen, project }));
    if (result.ok) window.location.assign(sameOriginLink(result.data.link));
  };
  return (
    <form
      className="card hosted-new"
      data-testid="hosted-new"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <h2>New session on this hub</h2>
      <p className="muted small">
        Runs in your workspace on the hub, in a sandbox{data.quotas ? `; up to ${data.quotas.perUser} at once, ended after ${data.quotas.idleTimeoutMinutes} idle minutes` : ""}.
      </p>
      <label>
        Agent{" "}
        <select data-testid="hosted-agent" value={chosen} onChange={(e) => setAgent(e.target.value)}>
          {data.agents.map((a) => (
            <option key={a.name} value={a.name}>
              {agentLabel(a.name, a.kind)}
            </option>
          ))}
        </select>
      </label>{" "}
      <label>
        Project{" "}
        <input data-testid="hosted-project" value={project} maxLength={64} pattern="[A-Za-z0-9][A-Za-z0-9._\-]*" onChange={(e) => setProject(e.target.value)} />
      </label>{" "}
      <button type="submit" data-testid="hosted-start" disabled={action.busy}>
        {action.pending ? "Starting…" : "New session"}
      </button>
      <FailureNote failure={action.failure} waitSeconds={action.waitSeconds} testId="hosted-error" />
    </form>
  );
}
