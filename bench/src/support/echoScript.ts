// The echo program both the PTY floor and the Porthole host run: raw mode so each keystroke comes
// straight back, then "R" to say stty is done (output before it is not counted).
export const ECHO_SCRIPT = "stty raw -echo; printf R; exec cat";
