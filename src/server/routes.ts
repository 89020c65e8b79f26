/** The server's HTTP routes, shared by the server, the app manifests and their tests. */
export const ROUTES = {
  /** Bot Framework: Teams, the Emulator, and local scripts with deliveryMode expectReplies. */
  messages: '/api/messages',
  /** Slack Events API and interactivity (button clicks) through Bolt's HTTP receiver. */
  slackEvents: '/slack/events',
  /** The process is up. */
  healthz: '/healthz',
  /** Knowledge loaded and storage reachable. */
  readyz: '/readyz',
} as const;
