// A refusal from the hub as a readable alert, with the live wait from Retry-After.
import type { ApiFailure } from "../api/apiClient.js";
import { failureText } from "./failureText.js";

export function FailureNote(props: { failure: ApiFailure | undefined; waitSeconds?: number | undefined; text?: string; testId: string }) {
  if (!props.failure) return null;
  return (
    <p role="alert" className="alert alert-error" data-testid={props.testId}>
      {props.text ?? failureText(props.failure, props.waitSeconds)}
    </p>
  );
}
