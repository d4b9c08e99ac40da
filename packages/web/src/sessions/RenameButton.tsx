// "Rename" that turns into a small inline form (name, Save, Cancel); trims, at most 200 characters
// like the hub. onSave resolves true when the hub took the name, and the form closes.
import { useState, type FormEvent } from "react";

export function RenameButton(props: { current: string; testId: string; disabled?: boolean; onSave: (name: string) => Promise<boolean> }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(props.current);
  if (!editing) {
    return (
      <button type="button" className="button button-small button-secondary" data-testid={props.testId} disabled={props.disabled} onClick={() => (setName(props.current), setEditing(true))}>
        Rename
      </button>
    );
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await props.onSave(name.trim())) setEditing(false);
  };
  return (
    <form className="rename-form" onSubmit={(e) => void submit(e)}>
      <input aria-label="New name" data-testid={`${props.testId}-input`} value={name} maxLength={200} autoFocus onChange={(e) => setName(e.target.value)} />
      <button type="submit" className="button button-small" data-testid={`${props.testId}-save`} disabled={props.disabled || name.trim() === ""}>
        Save
      </button>
      <button type="button" className="link-button" onClick={() => setEditing(false)}>
        Cancel
      </button>
    </form>
  );
}
