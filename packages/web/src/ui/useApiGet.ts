// Loads one GET route for a page, again on reload(); the result is undefined while loading.
import { useCallback, useEffect, useState } from "react";
import type { ApiResult } from "../api/apiClient.js";
import { api } from "../api/browserApi.js";

export function useApiGet<T>(path: string): { result: ApiResult<T> | undefined; reload: () => void } {
  const [result, setResult] = useState<ApiResult<T>>();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void api.get<T>(path).then((r) => {
      if (live) setResult(r);
    });
    return () => {
      live = false;
    };
  }, [path, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { result, reload };
}
