/**
 * ServiceNow (Table API + Attachment API) connector: an incident per escalation.
 *
 * Steps, each idempotent:
 * 1. find the incident:
 *    - `ctx.known` (key = incident number): `GET /api/now/table/incident?sysparm_query=number=<number>` for its
 *      sys_id — the RemoteTicket contract stores only key and url, and looking the number up is robust to however
 *      the url was stored (decision: look up, do not parse the url);
 *    - attempt > 1 and nothing known: `GET …/incident?sysparm_query=correlation_id=esc-<id>` (reconcile);
 * 2. create when nothing was found: `POST /api/now/table/incident` → 201 `result.sys_id`, `result.number`; then `ctx.created`;
 * 3. when the incident existed before this attempt, `GET /api/now/attachment?sysparm_query=table_sys_id=<sys_id>` and
 *    skip files already there by file_name;
 * 4. `POST /api/now/attachment/file?table_name=incident&table_sys_id=…&file_name=…` with the raw bytes as the body.
 */
import type { DeliveryContext, DeliveryResult, RemoteTicket, TicketConnector, TicketDocument, Urgency } from '../types.js';
import { basicAuth, classifyHttp, DEFAULT_TIMEOUT_MS, parseJson, request, requireSafeBaseUrl, type Failure } from '../http.js';
import { oneLine, redactionStatement, transcriptAttachments } from '../ticket-text.js';

export interface ServiceNowConfig {
  /** https://your-instance.service-now.com */
  instanceUrl: string;
  username: string;
  password: string;
  /** Assignment group (sys_id, or name) for new incidents. */
  assignmentGroup?: string;
  /** Caller (sys_id of a sys_user) for new incidents. */
  callerId?: string;
  /** Incident category, e.g. 'software'; omitted when unset (choice lists differ between instances). */
  category?: string;
  /** Per-request deadline; default 30 s. */
  timeoutMs?: number;
  /** Human label; default "ServiceNow". */
  label?: string;
}

const SHORT_DESCRIPTION_LIMIT = 160;
/** task.description is 4,000 characters on a default instance. */
const DESCRIPTION_LIMIT = 4000;

/** ServiceNow's 1 (high) … 3 (low) scale. */
export function serviceNowPriority(u: Urgency): { urgency: string; impact: string } {
  switch (u) {
    case 'critical':
      return { urgency: '1', impact: '1' };
    case 'high':
      return { urgency: '1', impact: '2' };
    case 'normal':
      return { urgency: '2', impact: '2' };
    case 'low':
      return { urgency: '3', impact: '3' };
  }
}

const ATTACHED = 'Full conversation transcript attached: transcript.md and conversation.transcript.';

export function serviceNowDescription(doc: TicketDocument): string {
  const facts = [`Reference: ${doc.reference}`, `Escalation id: esc-${doc.escalationId}`, `Urgency: ${doc.urgency}`];
  if (doc.errorId) facts.push(`Error: ${doc.errorId}`);
  if (doc.domain) facts.push(`Domain: ${doc.domain}`);
  const head = `${doc.description.trim()}\n\n${facts.join('\n')}\n\n`;
  const tail = `\n\n${redactionStatement(doc)}\n${ATTACHED}`;
  const summary = doc.summaryMarkdown.trim();
  const room = DESCRIPTION_LIMIT - head.length - tail.length;
  if (summary.length <= room) return `${head}${summary}${tail}`;
  const note = '\n… (shortened; see the attached transcript)';
  const cut = Math.max(0, room - note.length);
  return `${head}${summary.slice(0, cut)}${note}${tail}`.slice(0, DESCRIPTION_LIMIT);
}

function withStep(step: string, f: Failure): Failure {
  return { ...f, reason: `${step}: ${f.reason}` };
}

type Step<T> = { ok: true; value: T } | { ok: false; result: Failure };

interface Incident {
  sysId: string;
  number: string;
}

function incidentOf(record: unknown): Incident | undefined {
  const r = record as { sys_id?: unknown; number?: unknown } | undefined;
  return typeof r?.sys_id === 'string' && r.sys_id && typeof r.number === 'string' && r.number
    ? { sysId: r.sys_id, number: r.number }
    : undefined;
}

export class ServiceNowConnector implements TicketConnector {
  readonly name = 'servicenow';
  readonly label: string;
  private readonly base: string;
  private readonly auth: string;
  private readonly timeoutMs: number;

  constructor(private readonly config: ServiceNowConfig) {
    this.base = requireSafeBaseUrl('SERVICENOW_INSTANCE_URL', config.instanceUrl);
    this.auth = basicAuth(config.username, config.password);
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.label = config.label ?? 'ServiceNow';
  }

  private ticketFor(i: Incident): RemoteTicket {
    return { key: i.number, url: `${this.base}/nav_to.do?uri=incident.do?sys_id=${i.sysId}` };
  }

  private async call(step: string, method: string, pathAndQuery: string, ctx: DeliveryContext, extra: { body?: RequestInit['body']; contentType?: string; isCreate?: boolean } = {}): Promise<Step<unknown>> {
    const headers: Record<string, string> = { authorization: this.auth, accept: 'application/json' };
    if (extra.contentType) headers['content-type'] = extra.contentType;
    const r = await request(`${this.base}${pathAndQuery}`, { method, headers, body: extra.body }, { signal: ctx.signal, timeoutMs: this.timeoutMs });
    if (!r.ok) return { ok: false, result: withStep(step, r.result) };
    if (!r.response.ok) {
      const f = classifyHttp(r.status, r.response.headers, { isCreate: extra.isCreate ?? false, body: r.text, secrets: [this.config.password] });
      return { ok: false, result: withStep(step, f) };
    }
    return { ok: true, value: parseJson(r.text) };
  }

  /** First incident matching an encoded query (`field=value`), with just sys_id and number. */
  async findIncident(query: string, ctx: DeliveryContext): Promise<Step<Incident | undefined>> {
    const qs = new URLSearchParams({ sysparm_query: query, sysparm_fields: 'sys_id,number', sysparm_limit: '1' });
    const r = await this.call('ServiceNow lookup', 'GET', `/api/now/table/incident?${qs}`, ctx);
    if (!r.ok) return r;
    const list = (r.value as { result?: unknown[] } | undefined)?.result ?? [];
    return { ok: true, value: incidentOf(list[0]) };
  }

  createPayload(doc: TicketDocument): Record<string, string> {
    const body: Record<string, string> = {
      short_description: oneLine(doc.title, SHORT_DESCRIPTION_LIMIT),
      description: serviceNowDescription(doc),
      ...serviceNowPriority(doc.urgency),
      correlation_id: `esc-${doc.escalationId}`,
      correlation_display: 'FreeBusy Doctor',
    };
    if (this.config.category) body.category = this.config.category;
    if (this.config.assignmentGroup) body.assignment_group = this.config.assignmentGroup;
    if (this.config.callerId) body.caller_id = this.config.callerId;
    return body;
  }

  async deliver(doc: TicketDocument, ctx: DeliveryContext): Promise<DeliveryResult> {
    let incident: Incident | undefined;
    let fresh = false;
    if (ctx.known) {
      const found = await this.findIncident(`number=${ctx.known.key}`, ctx);
      if (!found.ok) return found.result;
      if (!found.value) {
        return { kind: 'permanent', reason: `ServiceNow incident ${ctx.known.key} not found (deleted, or not readable by this account)` };
      }
      incident = found.value;
    } else if (ctx.attempt > 1) {
      const found = await this.findIncident(`correlation_id=esc-${doc.escalationId}`, ctx);
      if (!found.ok) return found.result;
      if (found.value) {
        incident = found.value;
        ctx.created(this.ticketFor(incident));
      }
    }
    if (!incident) {
      const c = await this.call('ServiceNow create incident', 'POST', '/api/now/table/incident', ctx, {
        body: JSON.stringify(this.createPayload(doc)),
        contentType: 'application/json',
        isCreate: true,
      });
      if (!c.ok) return c.result;
      incident = incidentOf((c.value as { result?: unknown } | undefined)?.result);
      if (!incident) return { kind: 'unclear', reason: 'ServiceNow create incident: a 2xx answer without result.sys_id and result.number' };
      ctx.created(this.ticketFor(incident));
      fresh = true;
    }
    const ticket = ctx.known ?? this.ticketFor(incident);

    const existing = new Set<string>();
    if (!fresh) {
      const qs = new URLSearchParams({ sysparm_query: `table_sys_id=${incident.sysId}`, sysparm_fields: 'file_name' });
      const r = await this.call(`ServiceNow incident ${incident.number} attachment list`, 'GET', `/api/now/attachment?${qs}`, ctx);
      if (!r.ok) return r.result;
      const list = (r.value as { result?: { file_name?: unknown }[] } | undefined)?.result ?? [];
      for (const a of list) if (typeof a.file_name === 'string') existing.add(a.file_name);
    }
    for (const file of transcriptAttachments(doc)) {
      if (existing.has(file.name)) continue;
      const qs = new URLSearchParams({ table_name: 'incident', table_sys_id: incident.sysId, file_name: file.name });
      const r = await this.call(`ServiceNow incident ${incident.number} created; attaching ${file.name}`, 'POST', `/api/now/attachment/file?${qs}`, ctx, {
        body: new TextEncoder().encode(file.content),
        contentType: file.contentType,
      });
      if (!r.ok) return r.result;
    }
    return { kind: 'delivered', ticket };
  }
}
