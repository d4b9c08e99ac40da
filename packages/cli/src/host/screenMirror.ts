// A headless copy of the agent's screen (@xterm/headless), fed with every output byte in order, so a
// viewer that was away longer than the hub's replay buffer gets the current screen, not a gap.
import { SerializeAddon } from "@xterm/addon-serialize";
import xtermHeadless from "@xterm/headless";

const { Terminal } = xtermHeadless;

/** Largest serialized screen sent to a viewer, in UTF-16 code units (it must fit one frame). */
const MAX_SNAPSHOT_CHARS = 400_000;
const SCROLLBACK_LINES = 1000;

export interface ScreenSnapshot {
  /** The screen reflects output up to and including this sequence number. */
  seq: number;
  cols: number;
  rows: number;
  /** Escape sequences that redraw the screen and its scrollback on an empty terminal. */
  data: string;
}

export class ScreenMirror {
  private readonly term: InstanceType<typeof Terminal>;
  private readonly serializer = new SerializeAddon();
  private parsedSeq = 0;

  constructor(cols: number, rows: number) {
    this.term = new Terminal({ cols, rows, scrollback: SCROLLBACK_LINES, allowProposedApi: true });
    this.term.loadAddon(this.serializer);
  }

  /** Feeds output that was sealed as frame `seq`. */
  write(data: Uint8Array, seq: number): void {
    this.term.write(data, () => {
      this.parsedSeq = seq;
    });
  }

  /** Resizes once everything written before has been parsed (frame `seq` carried the resize). */
  resize(cols: number, rows: number, seq: number): void {
    this.term.write("", () => {
      this.term.resize(cols, rows);
      this.parsedSeq = seq;
    });
  }

  /** Marks a frame with no screen content (e.g. the exit frame) as applied. */
  advance(seq: number): void {
    this.term.write("", () => {
      this.parsedSeq = seq;
    });
  }

  /** The screen after everything written so far. */
  snapshot(): Promise<ScreenSnapshot> {
    return new Promise((resolve) => {
      this.term.write("", () => {
        let scrollback = SCROLLBACK_LINES;
        let data = this.serializer.serialize({ scrollback });
        while (data.length > MAX_SNAPSHOT_CHARS && scrollback > 0) {
          scrollback = Math.floor(scrollback / 2);
          data = this.serializer.serialize({ scrollback });
        }
        resolve({ seq: this.parsedSeq, cols: this.term.cols, rows: this.term.rows, data });
      });
    });
  }

  dispose(): void {
    this.term.dispose();
  }
}
