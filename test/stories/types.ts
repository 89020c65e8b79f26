/** A conversation written as data: what the admin says, and what the bot's reply must contain. */
export type Expectation = string | RegExp;

export interface Story {
  name: string;
  /** the knowledge entry the story walks */
  errorId: string;
  /** [admin says, bot reply must contain every one of these] */
  turns: [string, Expectation[]][];
  /** how the story must end: fixed (resolved), escalated, ended, or still open */
  ends: 'resolved' | 'escalated' | 'ended' | 'open';
  /** the story takes a branch because of a value in pasted cmdlet output */
  branchOnPaste?: boolean;
}
