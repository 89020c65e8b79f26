/**
 * What the bot says once when it is installed in Teams: what it does, the commands, and how to
 * paste output so Teams keeps its lines. In a team or group chat also how threads work.
 */

const THREADS = {
  channel: '**In this channel:** start a new post that mentions me with the error, then answer in that post’s thread. Each thread is its own case, so several people can troubleshoot at once.',
  groupChat: '**In this chat:** mention me with the error to start; the chat is one case (type **start over** for a new one). In a team channel each post’s thread is its own case.',
  personal: '**In a team channel** (once I’m added to a team): start a post that mentions me and answer in its thread; each thread is its own case.',
} as const;

/** Teams' conversation types: 'personal' (1:1 with the bot), 'channel' (a team), 'groupChat'. */
export function teamsWelcome(conversationType: string | undefined): string {
  const lines = [
    'Hi, I’m **FreeBusy Doctor**. I troubleshoot Exchange hybrid free/busy errors between Exchange Online and on-premises Exchange: paste the error you see (from the Scheduling Assistant, Test-OrganizationRelationship, Test-OAuthConnectivity or the Remote Connectivity Analyzer) or describe the problem. I name the known failure, give you one cmdlet at a time, read the output you paste back and tell you what I found and how to fix it.',
    '**Pasting output:** put it in a code block (type ``` and paste inside, or use the code snippet button) so Teams keeps its lines and columns. The whole output is best, including the `| Format-List` part of the command.',
    conversationType === 'channel' || conversationType === 'groupChat' ? THREADS[conversationType] : THREADS.personal,
    'Commands that work at any step: **help**, **status** (where we are and what we found), **back** (previous step), **skip** (I can’t run this), **start over**, **escalate** (hand the case to an engineer).',
  ];
  return lines.join('\n\n');
}
