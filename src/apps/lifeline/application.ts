// The lifeline as an application of the node (src/node/application): its own tables, messages and audit entry kinds,
// the console routes and page of the lives-to-save list, and the safety-status updates it applies for record owners.
import type { Application } from '../../node/application/index.ts';
import { lifelineMessages } from './messages.ts';
import { lifelineRoutes } from './routes.ts';
import { safetyStatusDelivery } from './safety-delivery.ts';
import type { LifelineServiceOptions } from './service.ts';

export const LIFELINE_APPLICATION_ID = 'lifeline';

/** The lifeline application; `service` tunes the list's gathering (tests and benchmarks). */
export function lifelineApplication(options: { service?: LifelineServiceOptions } = {}): Application {
  return {
    id: LIFELINE_APPLICATION_ID,
    name: { ja: '救わねばならない命の把握', en: 'Lives to save' },
    migrations: new URL('./migrations/', import.meta.url),
    messages: lifelineMessages.catalog,
    auditKinds: {
      'lifeline-run': { ja: '救命リストの作成', en: 'Lives-to-save list made' },
      'lifeline-decision': { ja: '同一人物の判定', en: 'Match decision' },
      'safety-report': { ja: '安否の報告', en: 'Safety report' },
    },
    console: { route: 'lifeline', label: { ja: '救うべき命', en: 'Lives to save' } },
    install: (context) => ({
      operatorRoutes: (app) => lifelineRoutes(app, { context, ...(options.service ? { service: options.service } : {}) }),
      deliveryKinds: [safetyStatusDelivery],
    }),
  };
}
