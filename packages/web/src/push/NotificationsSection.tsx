// Account → Notifications: turn push notifications on or off for this device, and send a test.
// The hub notifies when an approval waits or a turn ends and no open page shows that session.
import { useEffect, useState } from "react";
import { api } from "../api/browserApi.js";
import { FailureNote } from "../ui/FailureNote.js";
import { useAction } from "../ui/useAction.js";
import { SUBSCRIPTION_ID_KEY, currentSubscription, disableNotifications, enableNotifications, pushSupport } from "./webPush.js";

export function NotificationsSection() {
  const [on, setOn] = useState<boolean>();
  const [problem, setProblem] = useState<string>();
  const [note, setNote] = useState<string>();
  const [working, setWorking] = useState(false);
  const test = useAction();
  const support = pushSupport();

  // On when this browser has a subscription and the hub still has it (it drops ones the push service calls gone).
  useEffect(() => {
    void (async () => {
      const id = window.localStorage.getItem(SUBSCRIPTION_ID_KEY);
      if ((await currentSubscription()) === null || id === null) return setOn(false);
      const listed = await api.get<{ subscriptions: Array<{ id: string }> }>("/v1/push/subscriptions");
      setOn(!listed.ok || listed.data.subscriptions.some((s) => s.id === id));
    })();
  }, []);

  const toggle = async () => {
    setWorking(true);
    setProblem(undefined);
    setNote(undefined);
    try {
      const outcome = on ? await disableNotifications(api) : await enableNotifications(api);
      if (outcome.ok) setOn(!on);
      else setProblem(outcome.text);
    } finally {
      setWorking(false);
    }
  };

  const sendTest = async () => {
    const result = await test.run(() => api.request<{ sent: number; delivered: number }>("POST", "/v1/push/test", {}));
    if (result.ok) setNote(result.data.delivered > 0 ? "Sent: it should show in a moment." : "No device took the test notification.");
  };

  return (
    <section className="card" data-testid="notifications">
      <h2>Notifications</h2>
      <p className="muted">
        Get a notification on this device when an approval waits or the agent finishes its turn, and no open page shows that session. It says only that a session needs
        you, never what the agent wrote.
      </p>
      {!support.ok && <p className="muted" data-testid="notifications-unsupported">{support.text}</p>}
      {problem && (
        <p role="alert" className="alert alert-error" data-testid="notifications-error">
          {problem}
        </p>
      )}
      {note && <p className="muted">{note}</p>}
      <FailureNote failure={test.failure} waitSeconds={test.waitSeconds} testId="notifications-test-error" />
      <div className="row">
        <button type="button" className="button" data-testid="notifications-toggle" disabled={working || on === undefined || (!support.ok && !on)} onClick={() => void toggle()}>
          {on ? "Turn off on this device" : "Turn on for this device"}
        </button>
        {on && (
          <button type="button" className="button button-secondary" data-testid="notifications-test" disabled={test.busy} onClick={() => void sendTest()}>
            Send a test
          </button>
        )}
      </div>
    </section>
  );
}
