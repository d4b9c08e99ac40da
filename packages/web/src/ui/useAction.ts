// One button's request: whether it is running, the refusal to show, and the wait before trying again.
import { useCallback, useState } from "react";
import type { ApiFailure, ApiResult } from "../api/apiClient.js";
import { useCountdown } from "./useCountdown.js";

export interface Action {
  pending: boolean;
  failure: ApiFailure | undefined;
  /** Seconds left of a Retry-After, while counting down. */
  waitSeconds: number | undefined;
  /** True while the button should stay disabled. */
  busy: boolean;
  /** Runs the request and resolves with its result; a refusal also sets `failure`. */
  run<T>(call: () => Promise<ApiResult<T>>): Promise<ApiResult<T>>;
  clear(): void;
}

export function useAction(): Action {
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<ApiFailure>();
  const waitSeconds = useCountdown(failure?.retryAfterSeconds, failure);
  const run = useCallback(async <T,>(call: () => Promise<ApiResult<T>>) => {
    setPending(true);
    setFailure(undefined);
    try {
      const result = await call();
      if (!result.ok) setFailure(result);
      return result;
    } finally {
      setPending(false);
    }
  }, []);
  const clear = useCallback(() => setFailure(undefined), []);
  return { pending, failure, waitSeconds, busy: pending || (waitSeconds ?? 0) > 0, run, clear };
}
