import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { loadConfig, type AppConfig } from '@jixiao/config';
import { CaseEvents } from '@jixiao/evaluation';
import { migrate } from '@jixiao/persistence';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/api/src/create-app';
import type { DatabaseTarget } from '../../apps/api/src/app.module';

type Builder = (config: AppConfig, database: DatabaseTarget) => Promise<INestApplication>;

/** A transition's answer of about the size the service sends (the case, its sections and due items). */
function fixedAnswer(): unknown {
  const person = (i: number) => `6f1c1a52-6a3e-4a4a-9d1e-3b7c6f0a8e1${i}`;
  const section = (i: number) => ({ code: `S${i}`, title: `第${i}部分 绩效目标完成情况`, state: 'SUBMITTED', assigneeId: person(i % 10), version: 3 });
  return {
    case: {
      id: '0b0f8a56-3f6c-4d8e-9a51-2f6b4f0c9d21',
      state: 'IN_REVIEW',
      version: 17,
      unitId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      campaignId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a',
      title: '2026年度部门整体支出绩效自评',
      sections: Array.from({ length: 8 }, (_, i) => section(i + 1)),
      group: { leaderId: person(0), members: [person(1), person(2)] },
      allowedEvents: ['APPROVE', 'RETURN'],
      updatedAt: '2026-12-07T08:00:00.000Z',
    },
    dueItems: Array.from({ length: 3 }, (_, i) => ({ kind: 'APPROVE', assigneeId: person(i), dueAt: '2026-12-10T16:00:00.000Z' })),
  };
}

/**
 * One application of the HTTP-stack benchmark (run.ts starts it as a child process): `app` is the
 * real one from createApp; any other argument is the `dist` directory of another build (another
 * checkout, built with `npm run build`), whose own createApp and CaseEvents are loaded from it, so
 * that the stub below replaces the use case that build's application calls. The use case behind
 * POST /api/cases/:id/events is replaced by a stub that answers at once, so that what the run
 * measures is the stack in front of it: parsing, routing, guards, pipes, filter, logging, headers.
 */
async function main(): Promise<void> {
  const builderName = process.argv[2] ?? 'app';
  const other = builderName === 'app' ? null : resolve(builderName);
  // A compiled CommonJS module imported by path: its exports are the namespace's default.
  const load = async <T>(file: string): Promise<T> => ((await import(join(other!, file))) as { default: T }).default;
  const build: Builder = other === null ? createApp : (await load<{ createApp: Builder }>('apps/api/src/create-app.js')).createApp;
  const events: typeof CaseEvents = other === null ? CaseEvents : (await load<{ CaseEvents: typeof CaseEvents }>('libs/evaluation/src/index.js')).CaseEvents;
  const config = loadConfig();
  const database = { url: config.database.url ?? '', poolMax: 4 };
  await migrate({ url: database.url, poolMax: 1 });
  const app = await build(config, database);
  const answer = fixedAnswer();
  app.get(events).send = () => Promise.resolve({ replayed: false, body: answer } as never);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer() as { address(): { port: number } }).address().port;
  process.on('message', (message) => {
    if (message === 'cpu') process.send!({ cpu: process.cpuUsage() });
    if (message === 'stop') void app.close().then(() => process.exit(0));
  });
  process.send!({ port });
}

void main();
