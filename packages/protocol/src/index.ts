// @porthole/protocol: wire schemas, frame codec, end-to-end crypto and the viewer client.
// Pure: no I/O of its own; runs unchanged in Node and in browsers.
export * from "./bytes.js";
export * from "./errors.js";
export * from "./frames.js";
export * from "./messages.js";
export * from "./payload.js";
export * from "./pairingUrl.js";
export * from "./crypto/channel.js";
export * from "./crypto/handshake.js";
export * from "./viewer/socket.js";
export * from "./viewer/deviceStore.js";
export * from "./viewer/viewerClient.js";
export * from "./chat.js";
