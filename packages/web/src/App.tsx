// Picks the page from the path: /s/:id is a live session (full screen, no header); the account pages
// and home share the header and the login state.
import { AccountPage } from "./account/AccountPage.js";
import { AdminPage } from "./admin/AdminPage.js";
import { appRoute } from "./appRoute.js";
import { AuthProvider } from "./auth/AuthProvider.js";
import { LoginPage } from "./auth/LoginPage.js";
import { SignupPage } from "./auth/SignupPage.js";
import { DevicePage } from "./device/DevicePage.js";
import { FilesPage } from "./files/FilesPage.js";
import { HomePage } from "./HomePage.js";
import { SessionPage } from "./SessionPage.js";
import { SessionsPage } from "./sessions/SessionsPage.js";
import { AppHeader } from "./ui/AppHeader.js";

const pages = {
  home: HomePage,
  login: LoginPage,
  signup: SignupPage,
  account: AccountPage,
  sessions: SessionsPage,
  admin: AdminPage,
  device: DevicePage,
  files: FilesPage,
} as const;

export function App() {
  const route = appRoute(window.location.pathname);
  if (route.page === "session") return <SessionPage />;
  const Page = pages[route.page];
  return (
    <AuthProvider>
      <AppHeader />
      <Page />
    </AuthProvider>
  );
}
