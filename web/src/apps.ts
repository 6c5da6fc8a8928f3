// The console pages of the applications Tsunagu ships (src/apps/*/console), by the route each application declares.
// The navigation shows a page only when the node's session lists its application as installed.
import type { ComponentType } from 'react';
import { alertsConsolePage } from '../../src/apps/alerts/console/index.ts';
import { lifelineConsolePage } from '../../src/apps/lifeline/console/index.ts';
import { logisticsConsolePage } from '../../src/apps/logistics/console/index.ts';

export interface ApplicationPage {
  route: string;
  Page: ComponentType<{ params: URLSearchParams }>;
  messages: { ja: object; en: object };
}

export const applicationPages: readonly ApplicationPage[] = [lifelineConsolePage, alertsConsolePage, logisticsConsolePage];
