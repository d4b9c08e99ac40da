// Whether the hub has "Log in with GitHub" set up: a HEAD probe of the start route (the hub answers
// it with 204 and makes no state; redirects are not followed anyway). Anything but a 404 or no
// answer counts as set up. Stays in step with packages/hub/src/auth/githubRoutes.ts.

export const githubStartPath = "/v1/auth/github/start";

type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

export async function githubAvailable(fetcher: Fetcher): Promise<boolean> {
  try {
    const response = await fetcher(githubStartPath, { method: "HEAD", redirect: "manual", credentials: "same-origin" });
    return response.type === "opaqueredirect" || response.status !== 404;
  } catch {
    return false;
  }
}
