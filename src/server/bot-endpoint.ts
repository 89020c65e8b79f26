/**
 * POST /api/messages: the Bot Framework endpoint (Teams, the Emulator, scripts using
 * deliveryMode "expectReplies"). The body is checked before the CloudAdapter sees it, because
 * the adapter throws on shapes it cannot parse; every bad request gets a 400 that says why.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { LRUCache } from 'lru-cache';
import type { Request, Response } from './restify.js';
import { botFrameworkSettings, type MicrosoftAuth } from '../config/env.js';
import type { BotRuntime } from '../runtime/bot-runtime.js';

/** Why an activity cannot be processed, or undefined when it can. */
export function activityProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON object (a Bot Framework activity)';
  const a = body as Record<string, unknown>;
  if (typeof a.type !== 'string' || !a.type) return 'the activity has no "type"';
  const conversation = a.conversation as Record<string, unknown> | undefined;
  if (typeof conversation !== 'object' || conversation === null || typeof conversation.id !== 'string' || !conversation.id) return 'the activity has no "conversation.id"';
  if (typeof a.channelId !== 'string' || !a.channelId) return 'the activity has no "channelId"';
  const from = a.from as Record<string, unknown> | undefined;
  if (a.type === 'message' && (typeof from !== 'object' || from === null || typeof from.id !== 'string')) return 'the message has no "from.id"';
  if (a.text !== undefined && typeof a.text !== 'string') return '"text" must be a string';
  if (a.deliveryMode !== 'expectReplies' && typeof a.serviceUrl !== 'string') return 'the activity has no "serviceUrl" (or send it with "deliveryMode": "expectReplies")';
  return undefined;
}

type Authenticated = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type Factory = NonNullable<Authenticated['connectorFactory']>;
type Client = Awaited<ReturnType<Factory['create']>>;

/**
 * The adapter builds a new ConnectorClient and UserTokenClient (credentials, HTTP pipeline)
 * for every incoming activity, which together cost about as much as a dialog turn; a client
 * only depends on the service URL, audience and calling app, so one per combination is kept
 * and reused. Credentials inside them refresh their own tokens.
 */
class ReusingConnectors extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new LRUCache<string, Promise<Client>>({ max: 256 });
  private readonly tokenClients = new LRUCache<string, ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>({ max: 16 });

  /** Same for the user-token client the adapter makes every turn: it depends only on the calling app. */
  override createUserTokenClient(claimsIdentity: Parameters<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>[0]) {
    const claims = claimsIdentity.claims ?? [];
    const key = ['aud', 'appid', 'azp'].map((t) => claims.find((c) => c.type === t)?.value ?? '').join('|');
    let client = this.tokenClients.get(key);
    if (!client) {
      client = super.createUserTokenClient(claimsIdentity);
      client.catch(() => this.tokenClients.delete(key));
      this.tokenClients.set(key, client);
    }
    return client;
  }

  override async authenticateRequest(activity: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>[0], authHeader: string): Promise<Authenticated> {
    const result = await super.authenticateRequest(activity, authHeader);
    const factory = result.connectorFactory;
    if (factory) {
      const create = factory.create.bind(factory);
      factory.create = (serviceUrl: string, audience?: string) => {
        const key = `${serviceUrl}|${audience ?? ''}|${result.callerId ?? ''}`;
        let client = this.clients.get(key);
        if (!client) {
          client = create(serviceUrl, audience);
          client.catch(() => this.clients.delete(key));
          this.clients.set(key, client);
        }
        return client;
      };
    }
    return result;
  }
}

export function createBotAdapter(runtime: BotRuntime, auth: MicrosoftAuth | undefined): CloudAdapter {
  const settings = botFrameworkSettings(auth) as ConfigurationBotFrameworkAuthenticationOptions;
  return runtime.attach(new CloudAdapter(new ReusingConnectors(settings)));
}

export function botEndpoint(adapter: CloudAdapter, runtime: BotRuntime, log: (m: string) => void) {
  return async (req: Request, res: Response): Promise<void> => {
    const problem = activityProblem(req.body);
    if (problem) {
      res.send(400, { error: problem });
      return;
    }
    try {
      await adapter.process(req, res, runtime.logic);
    } catch (err) {
      log(`POST /api/messages failed: ${(err as Error).message}`);
      if (!res.headersSent) res.send(400, { error: 'the activity could not be read' });
    }
  };
}
