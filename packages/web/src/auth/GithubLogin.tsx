// "Log in with GitHub", shown only when the hub has GitHub set up (see githubProbe); the flow is the
// hub's, and its failures come back to /login?error=CODE.
import { useEffect, useState } from "react";
import { githubAvailable, githubStartPath } from "./githubProbe.js";

export function GithubLogin() {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    let live = true;
    void githubAvailable((input, init) => window.fetch(input, init)).then((yes) => live && setAvailable(yes));
    return () => {
      live = false;
    };
  }, []);
  if (!available) return null;
  return (
    <>
      <div className="or">or</div>
      <a className="button button-secondary button-wide" href={githubStartPath} data-testid="login-github">
        Log in with GitHub
      </a>
    </>
  );
}
