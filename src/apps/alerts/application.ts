// The alerts application (docs/alerts.md): the node's alerts in force for its console, published as Atom and CAP 1.2
// under the node's policies, and alerts pushed by participants stored through the node's importers.
import { unmetNeedsCapability, unmetNeedsCapabilityV2 } from '../../model/index.ts';
import type { Application } from '../../node/application/index.ts';
import { alertsBoundaryRoutes } from './boundary-routes.ts';
import { alertsMessages } from './messages.ts';
import { alertsOperatorRoutes } from './operator-routes.ts';
import { alertsPublicRoutes } from './public-routes.ts';
import { alertsReportRoutes } from './report-routes.ts';
import { alertsSituationRoutes } from './situation-routes.ts';
import { alertsSubscriptionRoutes } from './subscription-routes.ts';

export const ALERTS_APPLICATION_ID = 'alerts';

export function alertsApplication(): Application {
  return {
    id: ALERTS_APPLICATION_ID,
    name: { ja: '警報と状況', en: 'Alerts and situation' },
    migrations: new URL('./migrations/', import.meta.url),
    messages: alertsMessages.catalog,
    console: { route: 'alerts', label: { ja: '警報と状況', en: 'Alerts and situation' } },
    // The situation report's unmet needs; a node without logistics drafts reports saying so.
    consumes: [unmetNeedsCapabilityV2, unmetNeedsCapability],
    auditKinds: {
      'alert-received': { ja: '警報の受信', en: 'Alert received' },
      'alert-people': { ja: '警報の地域の人と避難所の表示', en: 'People and shelters of an alert shown' },
      'situation-report': { ja: '状況報告の作成・承認', en: 'Situation report drafted or approved' },
      'alert-subscription': { ja: '他ノードの警報の購読・終了', en: "Subscription to another node's alerts made or ended" },
    },
    install: (context) => ({
      operatorRoutes: async (app) => {
        await app.register(alertsOperatorRoutes(context));
        await app.register(alertsReportRoutes(context));
        await app.register(alertsSituationRoutes(context));
        await app.register(alertsBoundaryRoutes());
        await app.register(alertsSubscriptionRoutes(context));
      },
      publicRoutes: alertsPublicRoutes(context),
    }),
  };
}
