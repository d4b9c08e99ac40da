// A destructive button that asks once more in place ("Delete" → "Really delete?"), no dialog.
import { useState } from "react";

export function ConfirmButton(props: { label: string; confirmLabel: string; testId: string; disabled?: boolean; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="button button-small button-secondary" data-testid={props.testId} disabled={props.disabled} onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <span className="confirm">
      <button type="button" className="button button-small button-danger" data-testid={`${props.testId}-confirm`} disabled={props.disabled} onClick={() => { setAsking(false); props.onConfirm(); }}>
        {props.confirmLabel}
      </button>
      <button type="button" className="link-button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
