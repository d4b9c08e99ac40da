// Entry point: loads the styles and mounts the app into #root.
import "@xterm/xterm/css/xterm.css";
import "./styles.css";
import "./chat/chat.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { registerServiceWorker } from "./push/webPush.js";

const root = document.getElementById("root");
if (!root) throw new Error("invariant violation: index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
// Notifications and "Add to Home Screen" need the service worker; pages work without it.
void registerServiceWorker();
