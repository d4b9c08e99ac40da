// @porthole/agents: start an agent (a terminal program in a PTY) and talk to it.
export * from "./ptyAgent.js";
export * from "./agent.js";
export { claudeAdapter, isClaudeCommand } from "./claude/claudeAdapter.js";
export { prepareClaudeSession, type ClaudeSession, type ClaudeSessionOptions } from "./claude/claudeSession.js";
export { startHeadlessClaude, type HeadlessClaude, type HeadlessClaudeOptions } from "./claude/headlessClaude.js";
export { startHookBridge, BRIDGED_HOOKS, type HookBridge, type HookBridgeOptions, type HookPayload, type AnswerOutcome } from "./claude/hooks.js";
export { followTranscript, transcriptPath, claudeProjectDir, type TranscriptFollower, type FollowTranscriptOptions } from "./claude/transcript.js";
export { createClaudeLineMapper, type ClaudeLineMapper, type LineSource } from "./claude/claudeLines.js";
export { createChatStream, type ChatStream, type ChatStreamOptions } from "./claude/chatStream.js";
export { recentClaudeSessions, type RecentClaudeSession } from "./claude/recentSessions.js";
