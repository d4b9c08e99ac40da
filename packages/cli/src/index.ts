// @porthole/cli: the `porthole` command, and the host side of a session for tests and benchmarks.
export { main } from "./main.js";
export { HostSession, type HostSessionOptions } from "./host/hostSession.js";
export { ScreenMirror } from "./host/screenMirror.js";
