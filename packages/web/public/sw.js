// Porthole's service worker, served at /sw.js so its scope is the whole app: shows Web Push
// notifications and opens (or focuses) the session when one is clicked. Payloads are the JSON of
// PushMessage in packages/hub/src/push/pushNotifier.ts: generic text and a session id, never agent output.
/* eslint-env serviceworker */

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

/** A path on this site (never another origin), or "/" for anything else. */
function samePath(value) {
  return typeof value === "string" && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : "/";
}

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = {};
  }
  const title = typeof message.title === "string" && message.title !== "" ? message.title.slice(0, 100) : "Porthole";
  const body = typeof message.body === "string" ? message.body.slice(0, 200) : "A session needs you";
  const session = typeof message.session === "string" ? message.session.slice(0, 64) : "hub";
  event.waitUntil(
    self.registration.showNotification(title, {
      body,
      // One notification per session: a newer one replaces the older and alerts again.
      tag: `porthole-${session}`,
      renotify: true,
      icon: "/icon-192.png",
      badge: "/icon-192.png",
      data: { url: samePath(message.url) },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(samePath(event.notification.data && event.notification.data.url), self.location.origin);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).pathname === target.pathname);
      if (open) return open.focus();
      return self.clients.openWindow(target.href);
    })(),
  );
});
