import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { MailDispatcher, WORKING_DAYS } from '@jixiao/evaluation';
import { driveCase, inDays, issueCampaign } from '../support/api-client';
import { newOutboxRow } from '../support/mail';
import type { Schema } from '../support/openapi-schema';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';
import { testNow } from '../support/clock';

/**
 * Walks every operation of the OpenAPI document the app serves and sends, in each string field of
 * its body (nested ones too), each query parameter and each path parameter: a NUL, a lone high and a
 * lone low surrogate (as raw JSON escapes, which JSON.stringify never writes), 100,000 characters and
 * a value nested 10,000 deep; integer parameters also get 2147483648 and -1. Whatever the answer,
 * it must not be a 5xx. People are signed in with a role the route serves, and path parameters name
 * real objects, so the payloads get past authentication to validation and the handlers.
 */

interface Operation {
  parameters?: Array<{ name: string; in: 'path' | 'query' | 'header'; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

interface Payload {
  name: string;
  /** The value as JSON text, for bodies. */
  json: string;
  /** The value as it goes into a URL, percent-encoded (the surrogates as the bytes UTF-8 would give them). */
  url: string;
}

const DEEP = 10_000;
const STRING_PAYLOADS: Payload[] = [
  { name: 'NUL', json: '"a\\u0000b"', url: 'a%00b' },
  { name: 'lone high surrogate', json: '"a\\ud800b"', url: 'a%ED%A0%80b' },
  { name: 'lone low surrogate', json: '"a\\udc00b"', url: 'a%ED%B0%80b' },
  { name: '100,000 characters', json: JSON.stringify('x'.repeat(100_000)), url: 'x'.repeat(100_000) },
  { name: 'nested 10,000 deep', json: `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`, url: `${'%5B'.repeat(DEEP)}` },
];
/** 100,000 characters make a URL longer than Node reads (431); this many still reach the app. */
const LONG_URL_PAYLOAD: Payload = { name: '10,000 characters', json: JSON.stringify('x'.repeat(10_000)), url: 'x'.repeat(10_000) };
const INTEGER_PAYLOADS: Payload[] = [
  { name: '2147483648', json: '2147483648', url: '2147483648' },
  { name: '-1', json: '-1', url: '-1' },
];
const PLACEHOLDER = '\u{1F9EA}fuzz';
const METHOD_ORDER = ['get', 'put', 'patch', 'post', 'delete'];

interface Fixture {
  world: World;
  unit: WorldUnit;
  campaignId: string;
  draftingCaseId: string;
  sealedCaseId: string;
  delegationId: string;
  mailId: string;
  /** The member's saved phrase, and the leader's comment on section 1.3 of the drafting case. */
  phraseId: string;
  commentId: string;
}

/** Who calls a route: the role that serves it, so the payload reaches the handler. */
function callerOf(template: string, f: Fixture): WorldUser {
  const { unit } = f;
  if (/^\/api\/(campaigns|units|calendar|directory)/.test(template) || template === '/api/cases/{id}/recheck') return f.world.bureau.officer;
  if (/^\/api\/(organisations|users|admin|security-events)/.test(template) || template === '/api/cases/{id}/group') return unit.admin;
  if (/sections\/\{code\}\/(content|events)$/.test(template)) return unit.member;
  if (/(data-table|indicator-scores|acknowledgements)$/.test(template)) return unit.compiler;
  if (template.startsWith('/api/mailbox') || template.startsWith('/api/me/')) return unit.member;
  if (template.startsWith('/api/delegations')) return unit.leader;
  return unit.leader;
}

function pathValue(template: string, name: string, f: Fixture): string {
  if (name === 'code') return '1.3';
  if (name === 'version') return '1';
  if (name === 'unitId') return f.unit.id;
  if (name === 'commentId') return f.commentId;
  if (template.startsWith('/api/cases/')) return template.includes('sealed-versions') ? f.sealedCaseId : f.draftingCaseId;
  if (template.startsWith('/api/campaigns/')) return f.campaignId;
  if (template.startsWith('/api/organisations/')) return f.unit.id;
  if (template.startsWith('/api/users/')) return f.unit.member2.id;
  if (template.startsWith('/api/delegations/')) return f.delegationId;
  if (template.startsWith('/api/bureaus/')) return f.world.bureau.id;
  if (template.startsWith('/api/me/phrases/')) return f.phraseId;
  if (template.startsWith('/api/directory/units/')) return f.unit.id;
  // Not a well-formed token: answered 404 without counting against the address's limit.
  if (name === 'token') return 'not-a-token';
  if (template.startsWith('/api/mailbox/') || template.startsWith('/api/admin/mail/')) return f.mailId;
  throw new Error(`No value for {${name}} of ${template}: add one to the walk.`);
}

/** Bodies that pass validation, where a body built from the schema alone would not. */
function sampleBody(key: string, f: Fixture): Record<string, unknown> | undefined {
  const { unit } = f;
  const group = { leaderId: unit.leader.id, memberIds: [unit.member.id], compilerIds: [unit.compiler.id] };
  const samples: Record<string, Record<string, unknown>> = {
    'post /api/auth/login': { username: `nobody.${f.world.tag}`, password: 'x' },
    'post /api/cases/{id}/events': { type: 'FORM_GROUP', group },
    'put /api/cases/{id}/group': { group },
    'post /api/cases/{id}/approvers': { userId: unit.member2.id, reason: '涉及专项资金' },
    'post /api/campaigns': {
      documentNumber: `测试财〔2024〕${f.world.tag}号`,
      title: '关于开展整体支出绩效自评的通知',
      fiscalYear: 2023,
      submissionDeadline: inDays(30),
      publicationDeadline: inDays(45),
      unitIds: [unit.id],
    },
    'put /api/cases/{id}/sections/{code}/content': { blocks: [{ type: 'paragraph', text: '正文' }], expectedRevision: 0 },
    'put /api/cases/{id}/data-table': { input: {} },
    'put /api/cases/{id}/indicator-scores': { input: [] },
    'post /api/campaigns/{id}/batch-decisions': { type: 'ACCEPT', caseIds: [f.draftingCaseId] },
    'post /api/cases/{id}/urges': { recipientId: unit.member.id, task: { kind: 'draft_section', sectionCode: '1.2' } },
    'post /api/delegations': { kind: 'delegation', delegateId: unit.deputy.id, reason: '出差', startsOn: inDays(0), endsOn: inDays(2) },
    'post /api/organisations/{id}/users': { username: `fuzz.${f.world.tag}`, displayName: '同事', password: 'Strong#Passw0rd', roles: ['member'] },
    'post /api/auth/password': { currentPassword: 'wrong', newPassword: 'Another#Passw0rd' },
  };
  return samples[key];
}

class Walker {
  constructor(
    private readonly document: OpenApiDocument,
    private readonly f: Fixture,
  ) {}

  resolve(schema: Schema): Schema {
    let current = schema;
    for (let hops = 0; typeof current.$ref === 'string' && hops < 20; hops += 1) {
      current = this.document.components.schemas[(current.$ref as string).replace('#/components/schemas/', '')]!;
    }
    if (Array.isArray(current.allOf)) {
      const parts = (current.allOf as Schema[]).map((part) => this.resolve(part));
      return parts.reduce<Schema>(
        (merged, part) => ({
          ...merged,
          ...part,
          properties: { ...(merged.properties as object), ...(part.properties as object) },
          required: [...((merged.required as string[]) ?? []), ...((part.required as string[]) ?? [])],
        }),
        {},
      );
    }
    return current;
  }

  /** A value that fits the schema, as far as a schema can say. */
  example(schema: Schema, depth = 0): unknown {
    const s = this.resolve(schema);
    if (depth > 8) return null;
    if (Array.isArray(s.oneOf)) return this.example((s.oneOf as Schema[])[0]!, depth + 1);
    if (Array.isArray(s.enum)) return (s.enum as unknown[])[0];
    switch (s.type) {
      case 'string':
        if (s.format === 'uuid') return this.f.unit.member.id;
        if (s.format === 'date') return inDays(5);
        if (s.format === 'date-time') return testNow().toISOString();
        return typeof s.example === 'string' ? s.example : '说明';
      case 'integer':
      case 'number':
        return typeof s.minimum === 'number' ? s.minimum : 1;
      case 'boolean':
        return true;
      case 'array':
        return (s.minItems as number) > 0 ? [this.example(s.items as Schema, depth + 1)] : [];
      default: {
        const out: Record<string, unknown> = {};
        for (const name of (s.required as string[]) ?? []) out[name] = this.example(((s.properties ?? {}) as Record<string, Schema>)[name] ?? {}, depth + 1);
        return out;
      }
    }
  }

  /** Every string and integer leaf of a schema, by path (arrays at index 0; every option of a oneOf). */
  leaves(schema: Schema, at: Array<string | number> = [], depth = 0): Array<{ at: Array<string | number>; kind: 'string' | 'integer' }> {
    if (depth > 8) return [];
    const s = this.resolve(schema);
    if (Array.isArray(s.oneOf)) return (s.oneOf as Schema[]).flatMap((option) => this.leaves(option, at, depth + 1));
    if (s.type === 'string' && s.format !== 'binary') return [{ at, kind: 'string' }];
    if (s.type === 'integer' || s.type === 'number') return [{ at, kind: 'integer' }];
    if (s.type === 'array' && s.items) return this.leaves(s.items as Schema, [...at, 0], depth + 1);
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    return Object.entries(properties).flatMap(([name, property]) => this.leaves(property, [...at, name], depth + 1));
  }
}

/**
 * The code the request check gives before anything else runs: NUL anywhere, and in a JSON body also
 * lone surrogates and deep nesting. (In a URL the surrogates' bytes are not UTF-8 and decode to
 * U+FFFD, and 10,000 brackets make the URL longer than Node reads: 431.)
 */
function expectedRefusal(field: string, payload: Payload): string | null {
  const inBody = field.startsWith('body');
  if (payload.name === 'NUL' || (inBody && payload.name.startsWith('lone'))) return 'REQUEST.INVALID_CHARACTER';
  if (inBody && payload.name.startsWith('nested')) return 'REQUEST.TOO_DEEP';
  return null;
}

/** `base` with the value at `at` replaced by the raw JSON text `json`. */
function bodyWith(base: unknown, at: Array<string | number>, json: string): string {
  if (at.length === 0) return json;
  const copy = structuredClone(base ?? {}) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  at.forEach((key, index) => {
    if (index === at.length - 1) {
      node[key] = PLACEHOLDER;
    } else {
      const next = node[key];
      if (typeof next !== 'object' || next === null) node[key] = typeof at[index + 1] === 'number' ? [] : {};
      node = node[key] as Record<string | number, unknown>;
    }
  });
  return JSON.stringify(copy).replace(JSON.stringify(PLACEHOLDER), json);
}

describe('no input gets a 5xx', () => {
  let t: TestApp;
  let dataDir: string;
  let fixture: Fixture;
  let document: OpenApiDocument;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jixiao-fuzz-'));
    t = await startTestApp({ DATA_DIR: dataDir });
    jest.spyOn(t.app.get<{ isWorkingDay(date: string): boolean }>(WORKING_DAYS), 'isWorkingDay').mockReturnValue(true);
    const world = await newWorld(t.app);
    const unit = world.units[0]!;
    const { campaignId } = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    const drafting = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, drafting, 'self_assessment');
    const sealed = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, sealed, 'sealed');
    const delegation = await t.api.post(unit.leader, '/api/delegations', { kind: 'delegation', delegateId: unit.deputy.id, reason: '出差', startsOn: inDays(0), endsOn: inDays(3) });
    const mailId = await newOutboxRow(t.app, { recipientId: unit.member.id, sendAfter: testNow(), payload: { window: { start: '00:00', end: '24:00' } } });
    await t.app.get(MailDispatcher).deliverDue({ organisationIds: [unit.id] });
    const phrase = await t.api.post(unit.member, '/api/me/phrases', { text: '请核对。' });
    const comment = await t.api.post(unit.leader, `/api/cases/${drafting}/sections/1.3/comments`, { text: '请补充数据来源。' });
    if (phrase.status !== 201 || comment.status !== 201) throw new Error(`phrase → ${phrase.status}, comment → ${comment.status}`);
    fixture = { world, unit, campaignId, draftingCaseId: drafting, sealedCaseId: sealed, delegationId: delegation.body.id, mailId, phraseId: phrase.body.id, commentId: comment.body.threads[0].id };
    document = (await request(t.server).get('/api/docs-json')).body;
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every payload in every field of every route without a 5xx', async () => {
    const walker = new Walker(document, fixture);
    const failures: string[] = [];
    // The walk proves itself: the request check answers these, and nobody is signed out midway.
    const misanswered: string[] = [];
    const signedOut: string[] = [];
    const skipped: string[] = [];
    let sent = 0;
    const statuses = new Map<number, number>();
    const operations = Object.entries(document.paths)
      .flatMap(([template, methods]) => Object.entries(methods).map(([method, operation]) => ({ template, method, operation })))
      // Reads first, then writes; signing out last, as it ends the session the walk signs in with.
      .sort((a, b) => Number(a.template === '/api/auth/logout') - Number(b.template === '/api/auth/logout') || METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method));

    for (const { template, method, operation } of operations) {
      const key = `${method} ${template}`;
      const content = operation.requestBody?.content ?? {};
      const files = Object.keys(content).filter((type) => type !== 'application/json');
      if (files.length > 0) {
        skipped.push(`the body of ${method.toUpperCase()} ${template}: a file (${files.join(', ')}), not JSON fields; its parameters are walked, its bad files are tested in campaign-units.e2e-spec.ts`);
      }
      const caller = callerOf(template, fixture);
      const token = await t.api.token(caller);
      const parameters = operation.parameters ?? [];
      const pathOf = (override?: { name: string; url: string }) =>
        template.replace(/\{(\w+)\}/g, (_whole, name: string) => (override?.name === name ? override.url : encodeURIComponent(pathValue(template, name, fixture))));
      const bodySchema = content['application/json']?.schema;
      const base = bodySchema ? (sampleBody(key, fixture) ?? walker.example(bodySchema)) : undefined;

      const send = async (field: string, payload: Payload, url: string, body?: string) => {
        sent += 1;
        let call = request(t.server)[method as 'get'](url).set('Authorization', `Bearer ${token}`);
        if (body !== undefined) call = call.set('Content-Type', 'application/json').send(body);
        const response = await call.ok(() => true);
        const seen = `${method.toUpperCase()} ${template} ${field} ← ${payload.name}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500) failures.push(seen);
        const expected = expectedRefusal(field, payload);
        if (expected && response.body?.code !== expected) misanswered.push(seen);
        if (response.status === 401 && !template.startsWith('/api/auth/')) signedOut.push(seen);
      };
      const baseBody = base === undefined ? undefined : JSON.stringify(base);

      for (const parameter of parameters.filter((p) => p.in === 'path' || p.in === 'query')) {
        const integer = ['integer', 'number'].includes(walker.resolve(parameter.schema ?? {}).type as string);
        for (const payload of [...STRING_PAYLOADS, LONG_URL_PAYLOAD, ...(integer ? INTEGER_PAYLOADS : [])]) {
          const url = parameter.in === 'path' ? pathOf({ name: parameter.name, url: payload.url }) : `${pathOf()}?${parameter.name}=${payload.url}`;
          await send(`${parameter.in} ${parameter.name}`, payload, url, baseBody);
        }
      }
      if (bodySchema) {
        await send('body', STRING_PAYLOADS[4]!, pathOf(), STRING_PAYLOADS[4]!.json);
        for (const leaf of walker.leaves(bodySchema)) {
          const payloads = leaf.kind === 'string' ? STRING_PAYLOADS : [...INTEGER_PAYLOADS, STRING_PAYLOADS[0]!, STRING_PAYLOADS[4]!];
          for (const payload of payloads) await send(`body ${leaf.at.join('.')}`, payload, pathOf(), bodyWith(base, leaf.at, payload.json));
        }
      }
    }
    const tally = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(', ');
    process.stdout.write(`\nThe walk sent ${sent} requests over ${operations.length} operations; answers ${tally}.\n${skipped.map((s) => `skipped ${s}\n`).join('')}`);
    expect(failures).toEqual([]);
    expect(misanswered).toEqual([]);
    expect(signedOut).toEqual([]);
    expect(operations.length).toBeGreaterThan(40);
  }, 300_000);
});
