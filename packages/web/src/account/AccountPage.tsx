// /account: profile, password, API keys, the Anthropic API key and logins of the logged-in user.
import { RequireLogin } from "../auth/RequireLogin.js";
import { useAuth } from "../auth/authContext.js";
import { AnthropicKeySection } from "./AnthropicKeySection.js";
import { ApiKeysSection } from "./ApiKeysSection.js";
import { LogoutEverywhereSection } from "./LogoutEverywhereSection.js";
import { PasswordSection } from "./PasswordSection.js";
import { ProfileSection } from "./ProfileSection.js";
import { NotificationsSection } from "../push/NotificationsSection.js";

export function AccountPage() {
  const auth = useAuth();
  return (
    <main className="page">
      <h1>Account</h1>
      <RequireLogin>
        {(user) => (
          <>
            <ProfileSection user={user} onSaved={auth.setUser} />
            <PasswordSection user={user} />
            <ApiKeysSection />
            <AnthropicKeySection />
            <NotificationsSection />
            <LogoutEverywhereSection />
          </>
        )}
      </RequireLogin>
    </main>
  );
}
