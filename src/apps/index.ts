// The applications Tsunagu ships, installed on every node the CLI and the demo start (src/node/application).
// Only the top of the tree (src/cli, src/demo, bench, tests) imports this list; the node knows no application by name.
import type { Application } from '../node/application/index.ts';
import { alertsApplication } from './alerts/application.ts';
import { lifelineApplication } from './lifeline/application.ts';
import { logisticsApplication } from './logistics/application.ts';

export { alertsApplication, lifelineApplication, logisticsApplication };

export function shippedApplications(): Application[] {
  return [lifelineApplication(), alertsApplication(), logisticsApplication()];
}
