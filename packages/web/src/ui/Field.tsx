// A labelled text input, the building block of every form on the account pages.
import type { InputHTMLAttributes } from "react";

type FieldProps = { label: string; testId: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>;

export function Field({ label, testId, hint, ...input }: FieldProps) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input data-testid={testId} {...input} />
      {hint && <span className="field-hint muted">{hint}</span>}
    </label>
  );
}
