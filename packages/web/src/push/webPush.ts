// This browser's side of Web Push: registers the service worker (/sw.js, scope "/"), and turns
// notifications on (permission, pushManager.subscribe with the hub's VAPID key, POST to the hub)
// or off (DELETE, unsubscribe). Hub routes: packages/hub/src/push/pushRoutes.ts.
import { fromBase64Url } from "@porthole/protocol";
import type { ApiClient, ApiFailure } from "../api/apiClient.js";

/** Where the hub's id of this browser's subscription is kept, to turn it off later. */
export const SUBSCRIPTION_ID_KEY = "porthole.push.subscription.v1";

/** Whether this page can get notifications, and if not, what the person can do about it. */
export type PushSupport =
  | { ok: true }
  | { ok: false; reason: "insecure" | "unsupported" | "ios-home-screen" | "denied"; text: string };

export function pushSupport(): PushSupport {
  if (!window.isSecureContext) return { ok: false, reason: "insecure", text: "Notifications need this hub to be reached over https." };
  const standalone = window.matchMedia?.("(display-mode: standalone)").matches === true;
  const ios = /iPad|iPhone|iPod/.test(navigator.userAgent) || (navigator.userAgent.includes("Macintosh") && navigator.maxTouchPoints > 1);
  if (ios && !standalone) {
    return { ok: false, reason: "ios-home-screen", text: "On iPhone and iPad, add Porthole to your Home Screen first (Share, then Add to Home Screen), open it from there, and turn notifications on." };
  }
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    return { ok: false, reason: "unsupported", text: "This browser cannot receive push notifications." };
  }
  if (Notification.permission === "denied") return { ok: false, reason: "denied", text: "Notifications are blocked for this site: allow them in the browser's site settings." };
  return { ok: true };
}

/** Registers the service worker where the page may have one (https or localhost); never throws. */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration | undefined> {
  if (!window.isSecureContext || !("serviceWorker" in navigator)) return undefined;
  try {
    return await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  } catch {
    return undefined;
  }
}

/** This browser's push subscription, if it has one. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (!window.isSecureContext || !("serviceWorker" in navigator)) return null;
  const registration = await navigator.serviceWorker.getRegistration("/");
  return (await registration?.pushManager.getSubscription()) ?? null;
}

type Outcome = { ok: true } | { ok: false; failure?: ApiFailure; text: string };

/** Asks for permission, subscribes with the hub's key and registers the subscription with the hub. */
export async function enableNotifications(api: ApiClient): Promise<Outcome> {
  const support = pushSupport();
  if (!support.ok) return { ok: false, text: support.text };
  const permission = await Notification.requestPermission();
  if (permission !== "granted") return { ok: false, text: "Notifications were not allowed: the browser asks once; allow them in its site settings." };
  const key = await api.get<{ publicKey: string }>("/v1/push/key");
  if (!key.ok) return { ok: false, failure: key, text: key.status === 404 ? "Notifications are not enabled on this hub." : key.message };
  const applicationServerKey = fromBase64Url(key.data.publicKey);
  if (!applicationServerKey) return { ok: false, text: "The hub sent a malformed key." };
  const registration = (await registerServiceWorker()) && (await navigator.serviceWorker.ready);
  if (!registration) return { ok: false, text: "The service worker could not be installed." };
  let subscription: PushSubscription;
  try {
    subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: applicationServerKey as Uint8Array<ArrayBuffer> });
  } catch {
    // Subscribed before with another key (the hub's key changed): start afresh once.
    await (await registration.pushManager.getSubscription())?.unsubscribe();
    try {
      subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: applicationServerKey as Uint8Array<ArrayBuffer> });
    } catch (error) {
      return { ok: false, text: `The browser could not subscribe: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const saved = await api.request<{ subscription: { id: string } }>("POST", "/v1/push/subscriptions", subscription.toJSON());
  if (!saved.ok) {
    await subscription.unsubscribe();
    return { ok: false, failure: saved, text: saved.message };
  }
  window.localStorage.setItem(SUBSCRIPTION_ID_KEY, saved.data.subscription.id);
  return { ok: true };
}

/** Removes this browser's subscription from the hub and the browser. */
export async function disableNotifications(api: ApiClient): Promise<Outcome> {
  const id = window.localStorage.getItem(SUBSCRIPTION_ID_KEY);
  if (id !== null) {
    const removed = await api.request("DELETE", `/v1/push/subscriptions/${encodeURIComponent(id)}`);
    if (!removed.ok && removed.status !== 404) return { ok: false, failure: removed, text: removed.message };
  }
  await (await currentSubscription())?.unsubscribe();
  window.localStorage.removeItem(SUBSCRIPTION_ID_KEY);
  return { ok: true };
}
